"""Replace Wagtail's welcome page with the portal's home page, and make it the site's root."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("pages", "HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="Passerelles Culture",
        draft_title="Passerelles Culture",
        slug="accueil",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        live=True,
        lead="Mutualiser nos ressources pour mieux créer : la communauté de pratique du milieu "
        "culturel de la francophonie canadienne.",
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    # The tree's root must count its new child.
    Page.objects.filter(depth=1).update(numchild=1)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
