"""No form answers 500, whatever is posted into it: a NUL byte (which PostgreSQL refuses in
text), control characters, 100,000 characters, or a word or odd digits where an id is expected.

Every form is found on the pages that show it (a new field on those pages is covered at once);
the forms that have no page of their own are listed with the names their views read."""

import re
from html import unescape

import pytest

from communaute.models import JoinRequest, Space, SpaceMembership
from communaute.services.forum import create_topic, invite_to_space, join_space
from passerelles.pages.models import InitiativeIndexPage, InitiativePage
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import (
    make_need,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "a\x00b",
    "control": "a\x07\x1b[31mb\x7f",
    "huge": "x" * 100_000,
    "word": "abc",
    "superscript": "²",
    "overflow": "9" * 30,
}
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
NAME = re.compile(r"<(?:input|textarea|select|button)\b[^>]*\bname=\"([^\"]+)\"", re.I)
ACTION = re.compile(r"\baction=\"([^\"]*)\"", re.I)


def posted_forms(html, page):
    """(action, field names) of every form on a page that posts."""
    forms = []
    for attributes, body in FORM.findall(html):
        if 'method="post"' not in attributes.lower():
            continue
        action = ACTION.search(attributes)
        target = unescape(action.group(1)) if action and action.group(1) else page
        names = {name for name in NAME.findall(body) if name != "csrfmiddlewaretoken"}
        forms.append((target, names))
    return forms


@pytest.fixture
def site():
    animator = MemberFactory(roles=["Animation"])
    member = MemberFactory()
    asker = MemberFactory()
    representative = make_representative(make_organization("AAAPNB"))
    space = Space.objects.create(name="Diffusion", slug="diffusion", description="Des dates.")
    circle = Space.objects.create(name="Cercle", slug="cercle", visibility=Space.Visibility.PRIVATE)
    for place in (space, circle):
        SpaceMembership.objects.create(
            space=place, member=animator, role=SpaceMembership.Role.ANIMATOR
        )
    SpaceMembership.objects.create(space=space, member=member)
    join_space(circle, member=asker, message="Bonjour")
    invite_to_space(circle, actor=animator, member=member)
    topic, post = create_topic(space, author=member, title="Un camion", body="Qui part ?")
    _, others_post = create_topic(space, author=animator, title="Une salle", body="Libre ?")
    service = make_service(representative.representations.get().organization, representative)
    need = make_need(member)
    watch = InitiativeIndexPage.objects.get()
    pages = {
        None: ["/contact/", "/comptes/login/", "/comptes/signup/", "/comptes/password/reset/"],
        member: [
            "/comptes/profil/",
            "/comptes/notifications/",
            "/comptes/suppression/",
            "/comptes/email/",
            "/comptes/password/change/",
            "/communaute/partager/",
            "/communaute/espaces/diffusion/",
            "/communaute/espaces/diffusion/nouveau-sujet/",
            topic.get_absolute_url(),
            f"/communaute/messages/{post.pk}/modifier/",
            f"/communaute/messages/{others_post.pk}/signaler/",
            "/communaute/invitations/",
            "/communaute/notifications/",
            "/ressources/besoins/nouveau/",
            need.get_absolute_url(),
            f"{service.get_absolute_url()}demander/",
            f"{watch.url}proposer/",
            "/contact/",
        ],
        animator: [
            "/communaute/espaces/cercle/membres/",
            "/communaute/espaces/diffusion/membres/",
            "/communaute/espaces/diffusion/nouvelle-annonce/",
            topic.get_absolute_url(),
            f"/communaute/sujets/{topic.pk}/moderer/",
        ],
        representative: [
            "/ressources/services/nouveau/",
            f"{service.get_absolute_url()}modifier/",
            "/ressources/gestion/demandes/",
        ],
    }
    # Forms a page shows only in some states, with the names their views read.
    extra = {
        member: [
            (f"/communaute/sujets/{topic.pk}/partager/", {"space"}),
            (f"/communaute/messages/{post.pk}/reagir/", {"kind"}),
            ("/communaute/invitations/", {"invitation", "decision"}),
            (f"/communaute/sujets/{topic.pk}/suivi/", {"action", "next"}),
        ],
        animator: [
            ("/communaute/espaces/cercle/membres/", {"request", "decision"}),
            ("/communaute/espaces/cercle/inviter/", {"who"}),
        ],
    }
    return pages, extra


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_form_answers_500_whatever_is_posted(client, site, value):
    pages, extra = site
    checked = 0
    for person, paths in pages.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        forms = {(action, frozenset(names)) for action, names in extra.get(person, [])}
        for path in paths:
            response = client.get(path)
            assert response.status_code < 400, (path, response.status_code)
            forms.update(
                (action, frozenset(names))
                for action, names in posted_forms(response.content.decode(), path)
            )
        for action, names in sorted(forms, key=str):
            if person is not None:
                client.force_login(person)  # the sign-out form is among them
            response = client.post(action, dict.fromkeys(names, value))
            assert response.status_code < 500, (action, person, response.status_code)
            checked += 1
    assert checked > 40


@pytest.mark.parametrize("value", ["a\x07b", "x" * 100_000, "a\x00b"], ids=["bell", "huge", "nul"])
def test_a_refused_form_says_why_in_french_and_keeps_the_rest_of_what_was_typed(
    client, site, member, value
):
    space = Space.objects.get(slug="diffusion")
    client.force_login(member)
    response = client.post(
        f"/communaute/espaces/{space.slug}/nouveau-sujet/",
        {"title": value, "body": "Le texte que j'ai pris le temps d'écrire."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le texte que j&#x27;ai pris le temps d&#x27;écrire." in html
    assert re.search(r"caractère|caractères", html)
    assert space.topics.count() == 2


def test_control_characters_are_refused_with_a_form_error_but_line_breaks_and_tabs_are_kept(
    client, site, member
):
    client.force_login(member)
    url = "/communaute/espaces/diffusion/nouveau-sujet/"
    response = client.post(url, {"title": "Un\x1btitre", "body": "Bonjour"})
    assert response.status_code == 200
    assert "caractères de contrôle" in response.content.decode()
    response = client.post(url, {"title": "Un titre", "body": "Bonjour,\r\n\tà tous"})
    assert response.status_code == 302


def test_an_invitation_refuses_control_characters_and_huge_addresses_with_an_error(client, site):
    animator = SpaceMembership.objects.filter(role=SpaceMembership.Role.ANIMATOR).first().member
    client.force_login(animator)
    for value in ("a\x00b@exemple.ca", "a\x07@exemple.ca", "x" * 100_000):
        response = client.post("/communaute/espaces/cercle/inviter/", {"who": value})
        assert response.status_code == 400
        assert "errorlist" in response.content.decode() or "error" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "²", "9" * 30, "a\x00b", ""])
def test_a_decision_on_an_id_that_is_not_one_answers_404(client, site, value):
    animator = SpaceMembership.objects.filter(role=SpaceMembership.Role.ANIMATOR).first().member
    client.force_login(animator)
    response = client.post(
        "/communaute/espaces/cercle/membres/", {"request": value, "decision": "approve"}
    )
    assert response.status_code == 404
    client.force_login(JoinRequest.objects.exclude(invited_by=None).get().member)
    response = client.post("/communaute/invitations/", {"invitation": value, "decision": "accept"})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "¹²"])
def test_odd_digits_in_a_reply_or_quote_address_are_ignored(client, site, member, value):
    client.force_login(member)
    topic = Space.objects.get(slug="diffusion").topics.first()
    for parameter in ("repondre", "citer"):
        response = client.get(topic.get_absolute_url(), {parameter: value})
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("title", "slug"),
    [("ᐃᓄᒃᑎᑐᑦ", "inoktitot"), ("文化", "wenhua"), ("!!!", "initiative")],
)
def test_an_initiative_whose_title_has_no_latin_letters_gets_a_slug(client, member, title, slug):
    watch = InitiativeIndexPage.objects.get()
    client.force_login(member)
    for _ in range(2):
        response = client.post(
            f"{watch.url}proposer/",
            {"title": title, "organization_name": "Un collectif", "description": "Du texte."},
        )
        assert response.status_code == 302
    slugs = sorted(InitiativePage.objects.filter(title=title).values_list("slug", flat=True))
    assert slugs == [slug, f"{slug}-2"]


def test_every_form_a_person_fills_in_refuses_control_characters_and_has_length_limits():
    from passerelles.core.forms import TypedTextFormMixin
    from tests.forms import FORMS_WITHOUT_GUARD, dotted, project_forms

    found = project_forms()
    assert len(found) > 20
    unguarded = [
        form
        for form in found
        if not issubclass(form, TypedTextFormMixin) and dotted(form) not in FORMS_WITHOUT_GUARD
    ]
    assert unguarded == []


@pytest.mark.parametrize(
    ("title", "slug"), [("文化 en région", "wenhua-en-region"), ("???", "sujet")]
)
def test_a_topic_title_in_any_script_gives_a_readable_address(member, title, slug):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    topic, _ = create_topic(space, author=member, title=title, body="Bonjour")
    assert topic.slug == slug
    assert topic.get_absolute_url().endswith(f"-{slug}/")


def test_the_moderators_admin_action_refuses_a_reason_with_control_characters():
    from communaute.admin.moderation import ModerationActionForm

    form = ModerationActionForm({"action": "", "reason": "Spam\x1b[2J", "days": ""})
    form.fields["action"].choices = [("", "---")]
    assert not form.is_valid() and "reason" in form.errors
