"""Several files per post or message: the form (count, total, a bad file named, text kept), the
worker's thumbnail (size recorded, WebP, no metadata), the page (images inline with their size
and words, other files as cards), the image addresses (permissions, cache), bare link cards and
the queries of a page full of files."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from communaute.models import (
    Attachment,
    LinkPreview,
    MessageAttachment,
    PostLink,
    PostRevision,
    Space,
    SpaceMembership,
)
from communaute.services.files import THUMBNAIL_WIDTH
from communaute.services.forum import create_topic, reply
from communaute.services.messaging import send_message, start_conversation
from passerelles.core.files import JoinedFile
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.core.sample_files import minimal_pdf

pytestmark = pytest.mark.django_db

THUMBNAIL_CACHE = "private, max-age=31536000, immutable"


def pdf(name="programme.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def picture(name="scene.png", size=(1600, 1000), image_format="PNG", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    if exif is not None:
        image.save(buffer, format=image_format, exif=exif)
    else:
        image.save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def fake(name="notes.exe"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a document", content_type="text/plain")


def reply_url(topic):
    return f"/communaute/sujets/{topic.pk}/repondre/"


@pytest.fixture
def julie():
    return MemberFactory(display_name="Julie Tremblay", in_directory=True)


@pytest.fixture
def marc():
    return MemberFactory(display_name="Marc-André Leblanc", in_directory=True)


@pytest.fixture
def topic(member):
    topic, _post = create_topic(make_space(), author=member, title="Tournée", body="Qui vient ?")
    return topic


# The form ----------------------------------------------------------------------------------


def test_a_reply_takes_several_files_kept_in_the_order_chosen(
    client, member, topic, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reply_url(topic),
            {
                "body": "Les photos ci-dessous, et le programme.",
                "attachments": [picture("scene.png"), pdf(), picture("salle.png")],
                "attachments_alt_0": "La scène vue du balcon",
                "token": "t-1",
            },
        )
    assert response.status_code == 302
    post = topic.posts.get(position=2)
    kept = list(post.attachments.order_by("pk"))
    assert [(a.original_name, a.kind) for a in kept] == [
        ("scene.png", "image"),
        ("programme.pdf", "pdf"),
        ("salle.png", "image"),
    ]
    # What the author wrote, or the file's name without its extension.
    assert [a.alt for a in kept if a.kind == "image"] == ["La scène vue du balcon", "salle"]


def test_the_same_form_sent_twice_keeps_its_files_once(client, member, topic):
    client.force_login(member)
    for _ in range(2):
        data = {"body": "Deux fois", "attachments": [pdf(), pdf("budget.pdf")], "token": "t-2"}
        assert client.post(reply_url(topic), data).status_code == 302
    assert topic.posts.count() == 2
    assert Attachment.objects.filter(post__topic=topic).count() == 2


def test_a_bad_file_among_good_ones_is_named_and_the_text_kept(client, member, topic):
    client.force_login(member)
    response = client.post(
        reply_url(topic),
        {"body": "Mon texte à garder", "attachments": [pdf(), fake("notes.exe"), pdf("b.pdf")]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "« notes.exe » : Ce type de fichier n&#x27;est pas accepté" in html
    assert "programme.pdf" not in html  # only the refused file is named
    assert "Mon texte à garder" in html
    assert topic.posts.count() == 1 and not Attachment.objects.exists()


def test_files_too_heavy_together_are_refused_with_their_total(client, member, topic, settings):
    settings.ATTACHMENTS_TOTAL_MAX_BYTES = len(minimal_pdf()) * 2 + 10
    client.force_login(member)
    response = client.post(
        reply_url(topic), {"body": "Trois PDF", "attachments": [pdf(), pdf("b.pdf"), pdf("c.pdf")]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ces fichiers pèsent" in html and "ensemble" in html
    assert "Trois PDF" in html
    assert not Attachment.objects.exists()


def test_too_many_files_are_refused(client, member, topic, settings):
    settings.ATTACHMENTS_MAX_COUNT = 2
    client.force_login(member)
    response = client.post(
        reply_url(topic), {"body": "Texte", "attachments": [pdf(), pdf("b.pdf"), pdf("c.pdf")]}
    )
    assert response.status_code == 400
    assert "Vous avez choisi 3 fichiers ; un message en joint 2 au plus." in (
        response.content.decode()
    )


def test_the_file_input_takes_several_files_and_says_the_limits(client, member, topic):
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    field = re.search(r"<input type=\"file\"[^>]*>", html).group(0)
    assert 'name="attachments"' in field and "multiple" in field and "data-attachments" in field
    assert 'data-alt-label="Texte de remplacement pour « {name} »"' in field
    assert "10 fichiers au plus, 10 Mo chacun, 25 Mo en tout" in html
    english = client.get("/en" + topic.get_absolute_url()).content.decode()
    assert "10 files at most, 10 MB each, 25 MB in all" in english


def test_alt_text_is_cleaned_and_cut_to_its_limit(client, member, topic):
    client.force_login(member)
    client.post(
        reply_url(topic),
        {"body": "Photo", "attachments": [picture()], "attachments_alt_0": "Un\x07 " + "a" * 400},
    )
    image = Attachment.objects.get()
    assert image.alt_text.startswith("Un a") and len(image.alt_text) == 250


def test_request_messages_and_private_messages_take_several_files(client, julie, marc):
    conversation, message = start_conversation(
        julie, [marc], body="Voici", attachments=[pdf(), JoinedFile(picture(), "Affiche")]
    )
    assert message.attachments.count() == 2
    assert message.attachments.get(kind="image").alt_text == "Affiche"
    client.force_login(marc)
    response = client.post(
        reverse("communaute:conversation_reply", kwargs={"pk": conversation.pk}),
        {"body": "Merci", "attachments": [pdf("a.pdf"), pdf("b.pdf")]},
    )
    assert response.status_code == 302
    assert MessageAttachment.objects.filter(message__author=marc).count() == 2


# The worker's thumbnail -------------------------------------------------------------------


def test_the_worker_writes_a_webp_thumbnail_records_its_size_and_drops_metadata(
    member, django_capture_on_commit_callbacks
):
    exif = Image.Exif()
    exif[0x010E] = "Chez moi, 45.5017 N 73.5673 O"  # ImageDescription
    exif[0x0110] = "Téléphone de Julie"  # Model
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(),
            author=member,
            title="Photo",
            body="Ci-dessous",
            attachments=[picture("photo.jpg", (2400, 1600), "JPEG", exif=exif)],
        )
    image = post.attachments.get()
    assert image.ready and image.thumbnail
    assert (image.width, image.height) == (THUMBNAIL_WIDTH, 533)
    for stored in (image.thumbnail, image.file):
        with Image.open(stored.path) as opened:
            assert opened.format == "WEBP"
            assert not opened.getexif() and "exif" not in opened.info
    with Image.open(image.thumbnail.path) as opened:
        assert opened.size == (image.width, image.height)


def test_a_small_image_is_never_enlarged(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(),
            author=member,
            title="Logo",
            body="Le logo",
            attachments=[picture("logo.png", (120, 90))],
        )
    assert (post.attachments.get().width, post.attachments.get().height) == (120, 90)


# The page ---------------------------------------------------------------------------------


def test_images_show_inline_below_the_text_and_other_files_as_cards(
    client, member, topic, django_capture_on_commit_callbacks
):
    LinkPreview.objects.create(url="https://exemple.test/salle", status="ok", title="La salle")
    with django_capture_on_commit_callbacks(execute=True):
        post = reply(
            topic,
            author=member,
            body="La scène ci-dessous. https://exemple.test/salle",
            attachments=[JoinedFile(picture(), "La scène vue du balcon"), pdf()],
        )
    image, document = post.attachments.order_by("pk")
    html = client.get(topic.get_absolute_url()).content.decode()
    article = html[html.index(f'id="message-{post.position}"') :]
    tag = re.search(r"<img [^>]*/fichiers/[^>]*>", article).group(0)
    assert f'src="/communaute/fichiers/{image.pk}/vignette/"' in tag
    assert f'width="{image.width}"' in tag and f'height="{image.height}"' in tag
    assert 'alt="La scène vue du balcon"' in tag
    assert 'loading="lazy"' in tag and 'decoding="async"' in tag
    # A click opens the full image.
    assert f'<a class="attachment-image" href="/communaute/fichiers/{image.pk}/">{tag}</a>' in (
        article
    )
    # Right below the text, before the link's card.
    assert article.index("ci-dessous") < article.index(tag) < article.index("link-card")
    card = re.search(r'<li class="file-card">.*?</li>', article, re.S).group(0)
    assert f'href="/communaute/fichiers/{document.pk}/"' in card
    assert '<span class="file-card__type">PDF</span>' in card
    assert "programme.pdf" in card and "octets" in card
    assert "📎" not in html


def test_an_image_not_yet_ready_says_so_and_has_no_address(client, member, topic):
    post = reply(topic, author=member, body="Photo", attachments=[picture()])
    image = post.attachments.get()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "image en préparation" in html
    assert f"/communaute/fichiers/{image.pk}/" not in html
    client.force_login(member)
    assert client.get(f"/communaute/fichiers/{image.pk}/vignette/").status_code == 404


def test_a_conversation_shows_its_images_inline(
    client, julie, marc, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation, message = start_conversation(
            julie, [marc], body="Voici l'affiche", attachments=[picture("affiche.png")]
        )
    image = message.attachments.get()
    client.force_login(marc)
    html = client.get(reverse("communaute:conversation", kwargs={"pk": conversation.pk})).content
    assert (
        f'<img src="/communaute/messages/fichiers/{image.pk}/vignette/" alt="affiche" '
        f'width="{image.width}" height="{image.height}"'
    ) in html.decode()


# Image addresses: who gets them, how long they are kept ------------------------------------


def test_images_of_a_private_space_reach_its_members_only_and_are_kept_privately(
    client, member, other_member, django_capture_on_commit_callbacks
):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            private, author=member, title="Interne", body="Photo", attachments=[picture(), pdf()]
        )
    image, document = post.attachments.order_by("pk")
    thumbnail = f"/communaute/fichiers/{image.pk}/vignette/"
    full = f"/communaute/fichiers/{image.pk}/"
    assert client.get(thumbnail)["Location"].startswith("/comptes/login/?next=")
    client.force_login(other_member)
    assert client.get(thumbnail).status_code == 404
    assert client.get(full).status_code == 404
    client.force_login(member)
    for address in (thumbnail, full):
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["Cache-Control"] == THUMBNAIL_CACHE
    with Image.open(io.BytesIO(b"".join(client.get(thumbnail).streaming_content))) as opened:
        assert opened.size == (image.width, image.height)
    response = client.get(f"/communaute/fichiers/{document.pk}/")
    assert response["Cache-Control"] == "private, max-age=3600"


def test_an_image_of_a_conversation_reaches_its_participants_only(
    client, julie, marc, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _conversation, message = start_conversation(
            julie, [marc], body="Voici", attachments=[picture()]
        )
    address = f"/communaute/messages/fichiers/{message.attachments.get().pk}/vignette/"
    client.force_login(MemberFactory())
    assert client.get(address).status_code == 404
    client.force_login(marc)
    response = client.get(address)
    assert response.status_code == 200 and "public" not in response["Cache-Control"]


# Editing the words of an image, without JavaScript --------------------------------------


def test_the_author_describes_an_image_on_the_edit_page(
    client, member, other_member, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = reply(topic, author=member, body="Photo", attachments=[picture(), pdf()])
    image = post.attachments.get(kind="image")
    address = f"/communaute/messages/{post.pk}/modifier/"
    client.force_login(member)
    page = client.get(address).content.decode()
    assert f'<label for="id_alt_{image.pk}">Texte de remplacement pour « scene.png »' in page
    assert "id_alt_" not in page.replace(f"id_alt_{image.pk}", "")  # the PDF asks nothing
    response = client.post(address, {"body": "Photo", f"alt_{image.pk}": "Le public assis"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Le public assis"
    assert not PostRevision.objects.exists()  # the text did not change
    assert 'alt="Le public assis"' in client.get(topic.get_absolute_url()).content.decode()
    client.force_login(other_member)
    client.post(address, {"body": "Photo", f"alt_{image.pk}": "Détourné"})
    image.refresh_from_db()
    assert image.alt_text == "Le public assis"


# Bare links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Voir https://exemple.test/appel.",
        "**https://exemple.test/appel**",
        "« https://exemple.test/appel»",
        "[l'appel](https://exemple.test/appel)",
    ],
)
def test_a_bare_link_gets_its_card_as_a_markdown_link_does(client, member, topic, body):
    LinkPreview.objects.create(url="https://exemple.test/appel", status="ok", title="L'appel")
    post = reply(topic, author=member, body=body)
    assert list(PostLink.objects.filter(post=post).values_list("url", flat=True)) == [
        "https://exemple.test/appel"
    ]
    assert "L&#x27;appel</a></p>" in client.get(topic.get_absolute_url()).content.decode()


def test_an_address_in_code_is_no_link_and_gets_no_card(member, topic):
    post = reply(topic, author=member, body="Tapez `https://exemple.test/code` dans la barre")
    assert not PostLink.objects.filter(post=post).exists()


# Queries ------------------------------------------------------------------------------------


def _count(client, address):
    client.get(address)  # the site-wide settings, read once and kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_the_topic_page_costs_the_same_queries_whatever_its_files(
    client, member, topic, reader, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    if reader == "member":
        client.force_login(member)
    counts = []
    for replies in (1, 6):
        with django_capture_on_commit_callbacks(execute=True):
            while topic.posts.count() < replies + 1:
                reply(
                    topic,
                    author=MemberFactory(),
                    body="Photos ci-dessous https://exemple.test/x",
                    attachments=[picture("a.png", (40, 30)), picture("b.png", (30, 40)), pdf()],
                )
        counts.append(_count(client, topic.get_absolute_url()))
    assert Attachment.objects.filter(thumbnail="").count() == 6  # the PDFs
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(topic.get_absolute_url())


def test_the_conversation_page_costs_the_same_queries_whatever_its_files(
    client, julie, marc, django_capture_on_commit_callbacks
):
    conversation, _message = start_conversation(julie, [marc], body="Bonjour")
    client.force_login(marc)
    address = reverse("communaute:conversation", kwargs={"pk": conversation.pk})
    counts = []
    for messages in (1, 6):
        with django_capture_on_commit_callbacks(execute=True):
            while conversation.messages.count() < messages + 1:
                send_message(
                    conversation,
                    author=julie,
                    body="Les photos",
                    attachments=[picture("a.png", (40, 30)), picture("b.png", (30, 40)), pdf()],
                )
        counts.append(_count(client, address))
    assert counts[0] == counts[1]
