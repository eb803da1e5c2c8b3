"""Search on every box: posts' documents rebuilt with every word kept (french_unaccent_words,
as communaute/services/forum.py now writes them), and GIN indexes for the library's search
(file names, link addresses and page titles, as words) and the directory's search by name."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


REBUILD_POSTS = """
UPDATE communaute_post AS post
SET search_vector = CASE WHEN post.position = 1
    THEN setweight(to_tsvector('french_unaccent_words', COALESCE(topic.title, '')), 'A')
    ELSE ''::tsvector END
    || setweight(to_tsvector('french_unaccent_words', COALESCE(post.body, '')), 'B')
FROM communaute_topic AS topic
WHERE topic.id = post.topic_id;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('communaute', '0017_space_join_link_version'),
        ('core', '0005_search_configurations_every_word'),
    ]

    operations = [
        migrations.RunSQL(REBUILD_POSTS, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='attachment',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector(models.Func('original_name', models.Value('[^[:alnum:]]+'), models.Value(' '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), config='french_unaccent_words'), name='attachment_name_search_gin'),
        ),
        migrations.AddIndex(
            model_name='linkpreview',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector(models.Func('title', models.Value('[^[:alnum:]]+'), models.Value(' '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), config='french_unaccent_words'), name='linkpreview_title_search_gin'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('display_name', config='simple_unaccent'), condition=models.Q(('in_directory', True), ('is_active', True)), name='member_directory_name_gin'),
        ),
        migrations.AddIndex(
            model_name='postlink',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector(models.Func('url', models.Value('[^[:alnum:]]+'), models.Value(' '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), config='french_unaccent_words'), name='postlink_url_search_gin'),
        ),
    ]
