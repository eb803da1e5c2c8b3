"""The publications and watch indexes, who may write where, and the editors' review workflow.

Partners (Partenaire) add and edit publications under the publications index but cannot
publish: they submit, and the Rédaction group approves through the workflow. Pages are created
here rather than in the demo seed because a production site needs them too.
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
INDEXES = [
    ("articleindexpage", "Actualités et réflexions", "actualites",
     "Les réflexions, les mises à jour du projet et les actions réalisées ou en cours des partenaires."),
    ("initiativeindexpage", "Veille des initiatives", "initiatives",
     "Ce qui existe déjà ailleurs : avant de lancer un projet, voyez qui l'a déjà fait."),
]  # fmt: skip


def _base36(number):
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
    return digits.rjust(4, "0")


def _add_child(apps, parent, model_name, title, slug, introduction):
    """Treebeard's add_child, by hand: historical models have no tree methods."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Model = apps.get_model("pages", model_name)
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    existing = Model.objects.filter(pk__in=children.values("pk")).first()
    if existing is not None:
        return existing
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = int(last[-4:], 36) + 1 if last else 1
    content_type, _created = ContentType.objects.get_or_create(app_label="pages", model=model_name)
    page = Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=parent.path + _base36(step),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        live=True,
        introduction=introduction,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return page


def _create_permissions(apps):
    # Model permissions are normally created after all migrations; these are needed now.
    from django.contrib.auth.management import create_permissions

    for label in ("wagtailcore", "wagtailimages", "wagtaildocs"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def build(apps, schema_editor):
    _create_permissions(apps)
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    home = Page.objects.get(pk=site.root_page_id)
    pages = {
        model_name: _add_child(apps, home, model_name, title, slug, introduction)
        for model_name, title, slug, introduction in INDEXES
    }
    partner = Group.objects.get(name="Partenaire")
    editorial = Group.objects.get(name="Rédaction")

    def page_permission(codename):
        return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)

    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=partner, page=pages["articleindexpage"], permission=page_permission(codename)
        )
    for codename in ("add_page", "change_page", "publish_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=editorial, page=home, permission=page_permission(codename)
        )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codenames in (
            ("wagtailimages", ("add_image", "choose_image")),
            ("wagtaildocs", ("add_document", "choose_document")),
        ):
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for group in (partner, editorial):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    workflow, _created = Workflow.objects.get_or_create(
        name="Relecture par la rédaction", defaults={"active": True}
    )
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name="Approbation de la rédaction", active=True, content_type=task_type
        )
        task.groups.add(editorial)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_editorial_pages"),
        ("communaute", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
