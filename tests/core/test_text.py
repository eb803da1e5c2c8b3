"""Text the site writes for people: Markdown of posts, addresses (slugs) made from titles."""

import pytest

from passerelles.core.markdown import render_markdown
from passerelles.core.slugs import french_slugify

REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "Voir https://exemple.org/un_guide.",
            f'<p>Voir <a href="https://exemple.org/un_guide" {REL}>https://exemple.org/un_guide</a>.</p>',
        ),
        (
            "(https://exemple.org/x)",
            f'<p>(<a href="https://exemple.org/x" {REL}>https://exemple.org/x</a>)</p>',
        ),
        (
            "« https://exemple.org »",
            f'<p>« <a href="https://exemple.org" {REL}>https://exemple.org</a> »</p>',
        ),
        (
            "**https://exemple.org**",
            f'<p><strong><a href="https://exemple.org" {REL}>https://exemple.org</a></strong></p>',
        ),
    ],
)
def test_a_bare_address_in_a_post_becomes_a_link(text, html):
    assert render_markdown(text) == html


def test_addresses_already_marked_up_or_in_code_are_left_as_written():
    html = render_markdown("[le guide](https://exemple.org/g), <https://b.org> et `https://c.org`")
    assert html == (
        f'<p><a href="https://exemple.org/g" {REL}>le guide</a>, '
        f'<a href="https://b.org" {REL}>https://b.org</a> et <code>https://c.org</code></p>'
    )


def test_a_bare_address_cannot_smuggle_a_script_scheme():
    assert "href" not in render_markdown("javascript://exemple.org/%0Aalert(1)")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Métadonnées de vos œuvres", "metadonnees-de-vos-oeuvres"),
        ("Œuvres et cæcum", "oeuvres-et-caecum"),
        ("Tournée à l'Île-du-Prince-Édouard", "tournee-a-lile-du-prince-edouard"),
    ],
)
def test_slugs_keep_the_letters_of_french_ligatures(title, slug):
    assert french_slugify(title) == slug
