import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communaute.models import Attachment, LinkPreview, PostLink, Space, SpaceMembership
from communaute.services.forum import create_topic
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.core.sample_files import minimal_mp3, minimal_pdf

pytestmark = pytest.mark.django_db


def pdf(name="compte-rendu.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def png(name="affiche.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), (10, 60, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_reply_with_a_file_and_a_link_fills_the_library(client, member, other_member):
    space = make_space()
    topic, _post = create_topic(
        space, author=member, title="Tournée", body="Voir https://exemple.test/carte."
    )
    client.force_login(other_member)
    response = client.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {"body": "Le compte rendu :", "attachments": pdf()},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.original_name == "compte-rendu.pdf"
    assert "compte-rendu" not in attachment.file.name  # stored under a name nobody can guess
    assert PostLink.objects.get().url == "https://exemple.test/carte"
    html = client.get(f"/communaute/espaces/{space.slug}/documents/").content.decode()
    assert "compte-rendu.pdf" in html and "https://exemple.test/carte" in html
    only_links = client.get(
        f"/communaute/espaces/{space.slug}/documents/", {"type": "lien"}
    ).content.decode()
    assert "compte-rendu.pdf" not in only_links
    found = client.get(
        f"/communaute/espaces/{space.slug}/documents/", {"q": "compte"}
    ).content.decode()
    assert "compte-rendu.pdf" in found and "carte" not in found


def test_bidi_and_control_characters_are_dropped_from_a_files_name(client, member):
    space = make_space()
    topic, _post = create_topic(space, author=member, title="Sujet", body="?")
    client.force_login(member)
    response = client.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {"body": "La facture", "attachments": pdf("facture\u202eFDP.exe\u2066\x07")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "factureFDP.exe"
    assert attachment.download_name == "factureFDP.pdf"
    html = client.get(f"/communaute/espaces/{space.slug}/documents/").content.decode()
    assert "factureFDP.exe" in html and "\u202e" not in html


def test_a_name_of_invisible_characters_only_becomes_fichier(member):
    _topic, post = create_topic(
        make_space(), author=member, title="Sujet", body="?", attachments=[pdf("\u202e\u200f")]
    )
    assert post.attachments.get().original_name == "fichier"


def test_a_file_that_lies_about_its_type_is_refused_and_the_text_kept(client, member):
    space = make_space()
    topic, _post = create_topic(space, author=member, title="Sujet", body="?")
    client.force_login(member)
    fake = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    response = client.post(
        f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Texte gardé", "attachments": fake}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "type de fichier n&#x27;est pas accepté" in html
        or "type de fichier n'est pas accepté" in html
    )
    assert "Texte gardé" in html
    assert not Attachment.objects.exists()


def test_images_are_resized_and_reencoded_by_the_worker_after_the_post_is_saved(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _topic, post = create_topic(
            make_space(), author=member, title="Affiche", body="Voici", attachments=[png()]
        )
    attachment = post.attachments.get()
    sent = attachment.file.path
    # Until the worker has run, the file as sent is kept privately and never goes out.
    assert attachment.kind == "image" and not attachment.ready
    client.force_login(member)
    assert client.get(f"/communaute/fichiers/{attachment.pk}/").status_code == 404
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert "image en préparation" in html
    assert f"/communaute/fichiers/{attachment.pk}/" not in html
    assert (
        not client.get(f"/communaute/espaces/{post.topic.space.slug}/documents/")
        .context["page"]
        .object_list
    )

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the commit: the immediate test backend runs the task
            callback()
    attachment.refresh_from_db()
    assert attachment.ready and attachment.file.name.endswith("affiche.webp")
    with Image.open(attachment.file.path) as image:
        assert image.format == "WEBP" and max(image.size) == 2000
    assert attachment.size == os.path.getsize(attachment.file.path)
    assert not os.path.exists(sent)
    assert client.get(f"/communaute/fichiers/{attachment.pk}/").status_code == 200


def test_an_image_whose_pixels_cannot_be_read_is_dropped_and_the_post_kept(
    member, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200)).save(buffer, format="PNG")
    # A sound header (the request accepts it), then pixels cut short.
    broken = SimpleUploadedFile("coupee.png", buffer.getvalue()[:120], content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(), author=member, title="Affiche", body="Voici", attachments=[broken]
        )
    assert not Attachment.objects.exists()
    assert post.body == "Voici"


def test_a_second_run_of_the_task_changes_nothing(member, django_capture_on_commit_callbacks):
    from communaute.services.files import prepare_stored_image

    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(), author=member, title="Affiche", body="Voici", attachments=[png()]
        )
    attachment = post.attachments.get()
    prepare_stored_image.call("communaute.Attachment", attachment.pk)
    assert post.attachments.get().file.name == attachment.file.name
    assert os.path.exists(attachment.file.path)


def test_files_of_a_private_space_reach_its_members_only(client, member, other_member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    _topic, post = create_topic(
        private, author=member, title="Interne", body="Doc", attachments=[pdf()]
    )
    attachment = post.attachments.get()
    url = f"/communaute/fichiers/{attachment.pk}/"
    assert client.get(url)["Location"].startswith("/comptes/login/?next=")  # signed out
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    assert client.get(f"/communaute/espaces/{private.slug}/documents/").status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # No public address: the media route of the development server refuses the private folder.
    assert client.get(f"/media/prive/{attachment.file.name}").status_code == 404


def mp3(name="entrevue.mp3"):
    return SimpleUploadedFile(name, minimal_mp3(), content_type="audio/mpeg")


@pytest.mark.parametrize(
    ("upload", "served", "download_name", "disposition"),
    [
        (lambda: pdf("page.html"), "application/pdf", "page.pdf", "attachment"),
        (lambda: pdf("dessin.svg"), "application/pdf", "dessin.pdf", "attachment"),
        (lambda: mp3("script.js"), "audio/mpeg", "script.mp3", "attachment"),
        (lambda: png("vecteur.svg"), "image/webp", "vecteur.webp", "inline"),
        (lambda: png("page.html"), "image/webp", "page.webp", "inline"),
    ],
)
def test_a_file_is_served_as_what_its_content_is_whatever_its_name(
    client, member, upload, served, download_name, disposition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(), author=member, title="Fichier", body="Voici", attachments=[upload()]
        )
    client.force_login(member)
    response = client.get(f"/communaute/fichiers/{post.attachments.get().pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == served
    assert response["Content-Disposition"] == f'{disposition}; filename="{download_name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # The file's own policy, not the site's: nothing in it may run or load anything.
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_library_runs_a_bounded_number_of_queries(
    client, member, django_assert_max_num_queries
):
    space = make_space()
    client.force_login(member)

    def share(count):
        for number in range(count):
            create_topic(
                space,
                author=MemberFactory(),
                title=f"Sujet {number}",
                body=f"https://exemple.test/{number}",
                attachments=[pdf(f"doc-{number}.pdf")],
            )

    share(2)
    # Fixed costs among them: the reader's moderation role and any suspension, read once.
    with django_assert_max_num_queries(21):
        client.get(f"/communaute/espaces/{space.slug}/documents/")
    share(30)
    # Every link has its card: the page titles come in one more query, whatever their number.
    LinkPreview.objects.bulk_create(
        LinkPreview(url=f"https://exemple.test/{number}", status="ok", title=f"Page {number}")
        for number in range(30)
    )
    with django_assert_max_num_queries(21):
        html = client.get(f"/communaute/espaces/{space.slug}/documents/").content.decode()
    assert "Page 1 sur 3" in html


def test_links_read_by_their_page_title_and_are_found_by_it(client, member):
    space = make_space()
    create_topic(space, author=member, title="Appel", body="https://exemple.test/appel-2027")
    LinkPreview.objects.create(
        url="https://exemple.test/appel-2027", status="ok", title="Appel de projets 2027"
    )
    url = f"/communaute/espaces/{space.slug}/documents/"
    assert ">Appel de projets 2027</a>" in client.get(url).content.decode()
    assert ">Appel de projets 2027</a>" in client.get(url, {"q": "projets"}).content.decode()
    assert "Appel de projets" not in client.get(url, {"q": "budget"}).content.decode()


def test_a_tiny_png_announcing_a_huge_picture_is_refused_as_attachment_and_the_text_kept(
    client, member, monkeypatch
):
    from PIL import ImageFile

    from tests.core.test_images import png_header_claiming

    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    topic, _post = create_topic(make_space(), author=member, title="Sujet", body="?")
    client.force_login(member)
    response = client.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {"body": "Texte gardé", "attachments": png_header_claiming(5000, 5000)},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Cette image mesure 5000 × 5000 pixels" in html and "Texte gardé" in html
    assert not Attachment.objects.exists()


def test_names_stored_before_the_cleaning_are_cleaned_by_the_migration(member):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("communaute.migrations.0021_clean_attachment_names")
    _topic, post = create_topic(
        make_space(), author=member, title="Sujet", body="?", attachments=[pdf()]
    )
    post.attachments.update(original_name="facture\u202eFDP.exe")
    migration.clean_names(apps, None)
    assert post.attachments.get().original_name == "factureFDP.exe"


def test_a_missing_file_answers_a_visitor_as_a_private_one_does(client, member):
    # Sign-in for both: the answer does not tell a stranger which file ids exist.
    space = make_space(visibility=Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member)
    create_topic(space, author=member, title="Budget", body="Ci-joint.", attachments=[pdf()])
    private = Attachment.objects.get()
    answers = [client.get(f"/communaute/fichiers/{pk}/") for pk in (private.pk, private.pk + 99)]
    assert [response.status_code for response in answers] == [302, 302]
    assert all("/comptes/login/?next=" in response["Location"] for response in answers)
    client.force_login(MemberFactory())
    answers = [client.get(f"/communaute/fichiers/{pk}/") for pk in (private.pk, private.pk + 99)]
    assert [response.status_code for response in answers] == [404, 404]
