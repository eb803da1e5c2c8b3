import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_last_posters(apps, schema_editor):
    """Each topic's latest post that members see gives its last poster: one UPDATE."""
    Topic = apps.get_model("communaute", "Topic")
    Post = apps.get_model("communaute", "Post")
    latest = (
        Post.objects.filter(topic=OuterRef("pk"), deleted_at__isnull=True, hidden_at__isnull=True)
        .order_by("-position")
        .values("author")[:1]
    )
    Topic.objects.update(last_poster=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("communaute", "0030_drafts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="last_poster",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_last_posters, migrations.RunPython.noop, elidable=True),
    ]
