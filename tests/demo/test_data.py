"""The demo's data files: each one loads, what one names is declared somewhere, and seed_demo
creates exactly what they declare."""

from io import StringIO

import pytest
from django.core.management import call_command

from communaute.models import (
    Announcement,
    Attachment,
    Conversation,
    Draft,
    EmailDelivery,
    Flag,
    Member,
    Notification,
    Post,
    PrivateMessage,
    Space,
    Topic,
)
from communaute.permissions import roles
from communaute.selectors.messaging import unread_count
from passerelles.demo.loader import DATA_DIR, load
from passerelles.pages.models import ArticlePage, InitiativePage, StandardPage
from ressources.models import (
    AccessRequest,
    Need,
    NeedSupport,
    Organization,
    Representative,
    Service,
    ServiceFeedback,
)

TOPICS = [
    "catalogue",
    "documents",
    "drafts",
    "following",
    "forum",
    "funding",
    "gatherings",
    "invitations",
    "members",
    "messaging",
    "moderation",
    "needs",
    "pages",
]


def forum_posts():
    topics = [topic for space in load("forum")["spaces"] for topic in space["topics"]]
    return [post for topic in topics for post in [topic, *topic.get("replies", [])]]


def feedback_answers():
    return [
        answer for service in load("needs")["feedback"]["services"] for answer in service["answers"]
    ]


def test_every_data_file_loads_beside_the_module_that_seeds_it():
    assert sorted(path.stem for path in DATA_DIR.glob("*.toml")) == TOPICS
    for topic in TOPICS:
        assert load(topic)
        assert (DATA_DIR.parent / f"{topic}.py").exists()


def test_every_person_named_is_a_demo_member_with_known_roles():
    people = load("members")["members"] + load("needs")["members"]
    forum, following, moderation = load("forum"), load("following"), load("moderation")
    catalogue, needs = load("catalogue"), load("needs")
    named = {forum["animator"], moderation["moderator"], following["announcement"]["author"]}
    named |= {email for space in forum["spaces"] for email in space["members"]}
    named |= {email for space in forum["spaces"] for email in space.get("newcomers", [])}
    named |= {post["author"] for post in forum_posts()}
    named |= {*following["skills"], *following["frequencies"], *following["space_follows"]}
    named |= {report["reporter"] for report in moderation["reports"]}
    named |= {catalogue["administrator"], needs["administrator"]}
    named |= {spec["email"] for spec in catalogue["representatives"]}
    named |= {spec["member"] for spec in catalogue["access_requests"]}
    named |= {
        step["actor"]
        for spec in catalogue["access_requests"]
        for step in spec.get("steps", [])
        if step["actor"] != "member"
    }
    named |= {spec["author"] for spec in needs["needs"]}
    named |= {joiner["member"] for spec in needs["needs"] for joiner in spec["joiners"]}
    named |= {answer["member"] for answer in feedback_answers()}
    conversations = load("messaging")["conversations"]
    named |= {email for spec in conversations for email in spec["people"]}
    named |= {spec["member"] for spec in load("drafts")["drafts"]}
    assert named - {person["email"] for person in people} == set()
    assert {role for person in people for role in person.get("roles", [])} <= set(roles.ALL)


def test_every_document_organization_and_service_named_is_declared():
    catalogue, needs, pages = load("catalogue"), load("needs"), load("pages")
    documents = {post["document"] for post in forum_posts() if "document" in post}
    documents |= {
        step["document"]
        for spec in catalogue["access_requests"]
        for step in spec.get("steps", [])
        if "document" in step
    }
    assert documents == set(load("documents"))
    organizations = {spec["organization"] for spec in catalogue["representatives"]}
    organizations |= {slug for spec in catalogue["services"] for slug in spec["organizations"]}
    organizations |= {spec["organization"] for spec in pages["articles"]}
    assert organizations <= {spec["slug"] for spec in catalogue["organizations"]}
    services = {spec["service"] for spec in catalogue["access_requests"]}
    services |= {spec["met_by"] for spec in needs["needs"] if "met_by" in spec}
    services |= {spec["title"] for spec in needs["feedback"]["services"]}
    assert services <= {spec["title"] for spec in catalogue["services"]}


@pytest.mark.django_db
def test_seed_demo_creates_what_the_data_files_declare(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    # The demo's notifications are in the centre, and not one is emailed.
    assert Notification.objects.exists()
    assert not EmailDelivery.objects.exists()
    assert mailoutbox == []
    forum, catalogue, needs, pages = load("forum"), load("catalogue"), load("needs"), load("pages")
    posts = forum_posts()
    assert Member.objects.count() == len(load("members")["members"]) + len(needs["members"])
    # A few members have a picture; the others show their monogram.
    with_logo = {spec["email"] for spec in load("members")["members"] if "logo" in spec}
    assert (
        with_logo
        and set(Member.objects.exclude(avatar="").values_list("email", flat=True)) == with_logo
    )
    assert Space.objects.count() == len(forum["spaces"])
    assert Topic.objects.count() == sum(len(space["topics"]) for space in forum["spaces"])
    assert Post.objects.count() == len(posts)
    assert Attachment.objects.count() == len([post for post in posts if "document" in post])
    assert Announcement.objects.count() == 1
    assert Flag.objects.count() == len(load("moderation")["reports"])
    # The partners of the catalogue, and the funders of the calls that are not one of them.
    funders = {spec["funder"] for spec in load("funding")["calls"]}
    partners = {spec["name"] for spec in catalogue["organizations"]}
    assert Organization.objects.count() == len(partners | funders)
    assert Representative.objects.count() == len(catalogue["representatives"])
    assert Service.objects.count() == len(catalogue["services"])
    answers = feedback_answers()
    assert AccessRequest.objects.count() == len(catalogue["access_requests"]) + len(answers)
    assert ServiceFeedback.objects.count() == len(answers)
    assert Need.objects.count() == len(needs["needs"])
    # The author of a need supports it first, then each joiner.
    assert NeedSupport.objects.count() == sum(1 + len(spec["joiners"]) for spec in needs["needs"])
    assert StandardPage.objects.count() == len(pages["fixed_pages"])
    assert ArticlePage.objects.count() == len(pages["articles"])
    assert InitiativePage.objects.count() == len(pages["initiatives"])
    conversations = load("messaging")["conversations"]
    assert Conversation.objects.count() == len(conversations)
    assert PrivateMessage.objects.count() == sum(len(spec["messages"]) for spec in conversations)
    # "On peut s'écrire en privé ?" in the forum has its private answer; the group's last
    # message waits in Sophie's inbox.
    asked = Post.objects.get(body__contains="s'écrire en privé")
    answer = Conversation.objects.get(subject__startswith="Covoiturage")
    assert set(answer.participants.values_list("member_id", flat=True)) == {
        asked.author_id,
        asked.topic.author_id,
    }
    assert unread_count(asked.author) == 1
    # The demo member's half-written reply waits in its topic.
    assert Draft.objects.count() == len(load("drafts")["drafts"])
    titles = {spec["topic"] for spec in load("drafts")["drafts"]}
    assert Topic.objects.filter(title__in=titles).count() == len(titles)
