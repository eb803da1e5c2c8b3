"""The demo forum added by seed_demo: three spaces, their conversations, exact counters."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from communaute.models import Post, Space, SpaceMembership, Topic

pytestmark = pytest.mark.django_db


def forum_counts():
    return (Space.objects.count(), Topic.objects.count(), Post.objects.count())


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = forum_counts()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    return counts, out.getvalue(), again.getvalue()


def test_seed_demo_twice_creates_the_forum_only_once(seeded):
    counts, first_output, second_output = seeded
    assert forum_counts() == counts
    spaces, topics, posts = counts
    assert f"forum: {spaces} spaces, {topics} topics, {posts} posts created" in first_output
    assert "forum: 0 spaces, 0 topics, 0 posts created" in second_output


def test_the_three_spaces_have_the_three_visibilities(seeded):
    visibilities = dict(Space.objects.values_list("slug", "visibility"))
    assert visibilities == {
        "diffusion-et-tournees": Space.Visibility.PUBLIC,
        "outils-numeriques": Space.Visibility.MEMBERS,
        "cercle-des-partenaires": Space.Visibility.PRIVATE,
    }


def test_the_animator_animates_every_space_and_the_circle_has_its_members(seeded):
    animated = SpaceMembership.objects.filter(
        member__email="animation@passerelles.test", role=SpaceMembership.Role.ANIMATOR
    )
    assert animated.count() == 3
    circle = set(
        SpaceMembership.objects.filter(space__slug="cercle-des-partenaires").values_list(
            "member__email", flat=True
        )
    )
    assert circle == {
        "animation@passerelles.test",
        "partenaire@passerelles.test",
        "redaction@passerelles.test",
    }


def test_topic_counters_and_positions_match_the_posts(seeded):
    topics = Topic.objects.annotate(rows=Count("posts"))
    assert topics.count() == 9
    for topic in topics:
        assert topic.post_count == topic.rows
        positions = list(topic.posts.order_by("position").values_list("position", flat=True))
        assert positions == list(range(1, topic.rows + 1))
        assert topic.next_position == topic.rows + 1
    # Every conversation has an opening post and at least two replies, but one, still waiting.
    assert [topic.rows >= 3 for topic in topics].count(False) == 1


def test_space_counters_match_the_rows(seeded):
    for space in Space.objects.all():
        assert space.topic_count == space.topics.count()
        assert space.post_count == Post.objects.filter(topic__space=space).count()
        assert space.last_activity_at is not None


def test_one_topic_is_pinned_one_is_locked_and_one_reply_quotes(seeded):
    pinned = Topic.objects.get(is_pinned=True)
    locked = Topic.objects.get(is_locked=True)
    assert pinned.space.slug == "diffusion-et-tournees"
    assert locked.space.slug == "outils-numeriques"
    quoting = Post.objects.filter(reply_to__isnull=False)
    assert quoting.count() == 1
    assert quoting.get().topic.space.slug == "outils-numeriques"
    assert quoting.get().reply_to.topic_id == quoting.get().topic_id


def test_each_space_has_documents_and_links_in_its_library(seeded):
    from communaute.models import Attachment, PostLink

    kinds = {space.slug: set() for space in Space.objects.all()}
    for slug, kind in Attachment.objects.values_list("post__topic__space__slug", "kind"):
        kinds[slug].add(kind)
    for slug in PostLink.objects.values_list("post__topic__space__slug", flat=True):
        kinds[slug].add("lien")
    assert {"pdf", "image"} <= kinds["diffusion-et-tournees"]
    assert {"office", "lien"} <= kinds["outils-numeriques"]
    assert "pdf" in kinds["cercle-des-partenaires"]


def test_the_demo_documents_are_real_files_of_their_type(seeded):
    from communaute.models import Attachment
    from passerelles.core.files import detect

    attachments = Attachment.objects.all()
    assert attachments.count() == 4
    for attachment in attachments:
        with attachment.file.open("rb") as handle:
            assert detect(handle)[0] == attachment.kind
    # The route map shows in its post, described (templates/includes/attachments.html).
    route = attachments.get(kind="image")
    assert route.ready and route.thumbnail and route.width == 800
    assert route.alt == "Carte du trajet : Moncton, Edmundston, Rivière-du-Loup puis Rimouski"


def test_the_demo_has_follows_skills_email_choices_and_one_announcement(seeded):
    from communaute.models import Announcement, EmailPreference, Member, Notification

    _counts, first_output, second_output = seeded
    assert "following: 3 space follows, 1 announcement created" in first_output
    assert "following: 0 space follows, 0 announcement created" in second_output
    assert Announcement.objects.count() == 1
    listed = Member.objects.filter(in_directory=True)
    assert listed.count() >= 5
    assert all(member.skills.exists() for member in listed.exclude(email__startswith="admin"))
    assert EmailPreference.objects.filter(frequency="weekly").count() == 1
    # The announcement and the conversations reached members' notification centres.
    assert Notification.objects.filter(kind="announcement").exists()
    assert Notification.objects.filter(kind="topic_reply").exists()


def test_the_conversations_are_spread_over_months_so_the_dashboard_has_something_to_show(seeded):
    from communaute.selectors import facilitation as dashboard

    space = Space.objects.get(slug="diffusion-et-tournees")
    for topic in Topic.objects.all():
        dates = list(topic.posts.order_by("position").values_list("created_at", flat=True))
        assert dates == sorted(dates)
        assert topic.created_at == dates[0]
        assert topic.last_activity_at == dates[-1]
    assert space.last_activity_at == max(space.topics.values_list("last_activity_at", flat=True))

    unanswered = dashboard.unanswered_topics(space)
    assert [topic.title for topic in unanswered] == [
        "Une première partie pour deux dates à Edmundston en février ?"
    ]
    newcomers = dashboard.newcomers_without_posts(space)
    assert [row.member.email for row in newcomers] == ["redaction@passerelles.test"]
    quiet = dashboard.quiet_members(space)
    assert "artiste.mb@passerelles.test" in [row.member.email for row in quiet]
    busy_weeks = [week for week in dashboard.weekly_activity(space) if week.posts]
    assert len(busy_weeks) >= 3
