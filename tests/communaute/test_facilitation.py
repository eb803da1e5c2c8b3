"""A space's facilitation dashboard (issue 6, part B) and the moderation queue in admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communaute.models import (
    Flag,
    ModerationAction,
    Notification,
    Post,
    SpaceMembership,
    Suspension,
    Topic,
)
from communaute.selectors import facilitation as selectors
from communaute.services import moderation
from communaute.services.forum import create_topic, join_space, reply
from tests.communaute.factories import MemberFactory, activate_totp
from tests.communaute.moderation_helpers import ROLES, make_animator, make_space, people

pytestmark = pytest.mark.django_db

DASHBOARD = "/communaute/espaces/diffusion/animation/"


@pytest.fixture
def space():
    return make_space("Diffusion")


@pytest.fixture
def animator(space):
    return make_animator(space, display_name="Amina Diallo")


def age(model, days, **filters):
    model.objects.filter(**filters).update(created_at=timezone.now() - timedelta(days=days))


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_opens_only_for_the_spaces_moderators(client, role, space):
    actor, allowed = people(space, make_space("Ailleurs"))[role]
    client.force_login(actor)
    assert client.get(DASHBOARD).status_code == (200 if allowed else 403)


def test_visitors_are_sent_to_sign_in(client, space):
    assert client.get(DASHBOARD)["Location"].startswith("/comptes/login/")


def test_the_dashboard_shows_what_waits_for_a_gesture(client, space, animator):
    asker, helper, newcomer, quiet = (MemberFactory(display_name=n) for n in "ABCD")
    for person in (asker, helper, newcomer, quiet):
        join_space(space, member=person)
    waiting, _post = create_topic(space, author=asker, title="Qui a un projecteur ?", body="?")
    reply(waiting, author=asker, body="Personne ?")  # the author alone: still unanswered
    answered, _post = create_topic(space, author=asker, title="Salle à Moncton", body="?")
    reply(answered, author=helper, body="Oui, au centre culturel.")
    Topic.objects.update(created_at=timezone.now() - timedelta(days=3))
    create_topic(
        space, author=quiet, title="Vieux sujet", body="Voir https://exemple.org/guide.pdf"
    )
    create_topic(space, author=animator, title="Bienvenue", body="Présentez-vous !")
    age(Post, 90, author=quiet)
    age(Post, 90, author=animator)
    SpaceMembership.objects.filter(member__in=[asker, helper, quiet]).update(
        joined_at=timezone.now() - timedelta(days=120)
    )

    assert selectors.unanswered_topics(space) == [waiting]
    assert [m.member for m in selectors.newcomers_without_posts(space)] == [newcomer]
    # The animator, quiet too, is not listed on their own dashboard.
    assert [m.member for m in selectors.quiet_members(space)] == [quiet]
    weeks = selectors.weekly_activity(space)
    assert len(weeks) == 12 and weeks[-1].posts == 4 and weeks[-1].people == 2
    assert [d.title for d in selectors.most_shared_documents(space)] == [
        "https://exemple.org/guide.pdf"
    ]

    client.force_login(animator)
    html = client.get(DASHBOARD).content.decode()
    assert "Qui a un projecteur ?" in html and "Salle à Moncton" not in html
    assert "Souhaiter la bienvenue à C" in html
    assert "Écrire à D" in html and "%40" in html  # a new topic that mentions the member
    assert '<title id="activity-title">' in html and "<caption>" in html


def test_one_click_pin_and_welcome_leave_a_trace(client, space, animator):
    asker, newcomer = MemberFactory(), MemberFactory(display_name="Nouvelle Personne")
    join_space(space, member=newcomer)
    topic, _post = create_topic(space, author=asker, title="Tournée de l'Ouest", body="?")
    client.force_login(animator)
    client.post(f"/communaute/espaces/diffusion/animation/epingler/{topic.pk}/")
    topic.refresh_from_db()
    assert topic.is_pinned
    assert ModerationAction.objects.get().kind == ModerationAction.Kind.PIN_TOPIC
    assert "épinglé" in Notification.objects.get(recipient=asker).describe()

    membership = SpaceMembership.objects.get(member=newcomer)
    for _twice in range(2):
        client.post(f"/communaute/espaces/diffusion/animation/accueillir/{membership.pk}/")
    welcome = Notification.objects.get(recipient=newcomer, kind="space_welcome")
    assert "Amina Diallo vous souhaite la bienvenue" in welcome.describe()
    assert "Accueil envoyé" in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_spaces_moderators_pin_and_welcome_from_the_dashboard(
    client, role, space, animator
):
    actor, allowed = people(space, make_space("Ailleurs"))[role]
    newcomer = MemberFactory()
    join_space(space, member=newcomer)
    topic, _post = create_topic(space, author=newcomer, title="Sujet", body="?")
    membership = SpaceMembership.objects.get(member=newcomer)
    client.force_login(actor)
    expected = 302 if allowed else 403
    assert client.post(f"{DASHBOARD}epingler/{topic.pk}/").status_code == expected
    assert client.post(f"{DASHBOARD}accueillir/{membership.pk}/").status_code == expected
    topic.refresh_from_db()
    membership.refresh_from_db()
    assert topic.is_pinned is allowed
    assert (membership.welcomed_at is not None) is allowed
    assert Notification.objects.filter(recipient=newcomer).count() == (2 if allowed else 0)


def test_dashboard_actions_are_refused_to_members(client, space, animator):
    member = MemberFactory()
    join_space(space, member=member)
    topic, _post = create_topic(space, author=animator, title="Sujet", body="?")
    membership = SpaceMembership.objects.get(member=member)
    client.force_login(member)
    assert client.post(f"{DASHBOARD}epingler/{topic.pk}/").status_code == 403
    assert client.post(f"{DASHBOARD}accueillir/{membership.pk}/").status_code == 403
    assert not Notification.objects.exists()


def test_the_dashboard_runs_a_bounded_number_of_queries(
    client, space, animator, django_assert_max_num_queries
):
    client.force_login(animator)

    def fill(count):
        for number in range(count):
            person = MemberFactory()
            join_space(space, member=person)
            topic, _post = create_topic(
                space, author=person, title=f"Sujet {number}", body="https://exemple.org/a"
            )
            reply(topic, author=animator, body="Bienvenue !")

    fill(2)
    client.get(DASHBOARD)  # warms the site's settings and menus
    with django_assert_max_num_queries(24):
        client.get(DASHBOARD)
    fill(30)
    Topic.objects.update(created_at=timezone.now() - timedelta(days=3))
    with django_assert_max_num_queries(24):
        assert client.get(DASHBOARD).status_code == 200


# The moderation queue in Django admin -------------------------------------------------------


@pytest.fixture
def flagged(space, member, other_member):
    topic, _opening = create_topic(space, author=member, title="Camion", body="Qui ?")
    answer = reply(topic, author=other_member, body="Achetez nos montres")
    moderation.report_post(answer, reporter=member, reason=Flag.Reason.SPAM)
    return answer


def staff_moderator(client, **kwargs):
    moderator = MemberFactory(is_staff=True, roles=["Animation"], **kwargs)
    activate_totp(moderator)
    client.force_login(moderator)
    return moderator


def test_the_queue_filters_and_lists_with_a_bounded_number_of_queries(
    client, space, flagged, django_assert_max_num_queries
):
    staff_moderator(client)
    with django_assert_max_num_queries(16):
        assert client.get("/admin/communaute/flag/?status__exact=open").status_code == 200
    for number in range(25):
        author = MemberFactory()
        _topic, post = create_topic(space, author=author, title=f"S{number}", body="?")
        moderation.report_post(post, reporter=MemberFactory(), reason="off_topic")
    with django_assert_max_num_queries(16):
        response = client.get(f"/admin/communaute/flag/?post__topic__space__id__exact={space.pk}")
    assert "Achetez nos montres" in response.content.decode()


def test_hiding_from_the_queue_calls_the_service_and_needs_a_reason(client, flagged, other_member):
    staff_moderator(client)
    flag = Flag.objects.get()
    data = {"action": "hide_posts", "_selected_action": [flag.pk], "reason": ""}
    client.post("/admin/communaute/flag/", data)
    flagged.refresh_from_db()
    assert not flagged.is_hidden
    client.post("/admin/communaute/flag/", {**data, "reason": "Publicité."})
    flagged.refresh_from_db()
    assert flagged.is_hidden
    assert ModerationAction.objects.get().reason == "Publicité."
    assert "Publicité." in Notification.objects.get(recipient=other_member).describe()


def test_suspending_from_the_queue_takes_a_duration(client, flagged, other_member):
    staff_moderator(client)
    flag = Flag.objects.get()
    client.post(
        "/admin/communaute/flag/",
        {
            "action": "suspend_authors",
            "_selected_action": [flag.pk],
            "reason": "Pourriel",
            "days": 3,
        },
    )
    suspension = Suspension.objects.get(member=other_member)
    assert (
        timedelta(days=2, hours=23) < suspension.ends_at - suspension.starts_at <= timedelta(days=3)
    )


def test_dismissing_thanks_the_reporter_and_keeps_the_post(client, flagged, member):
    staff_moderator(client)
    flag = Flag.objects.get()
    client.post(
        "/admin/communaute/flag/",
        {"action": "dismiss_flags", "_selected_action": [flag.pk], "reason": "Rien d'anormal."},
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
    assert (
        "reste visible"
        in Notification.objects.get(recipient=member, kind="flag_reviewed").describe()
    )


def test_the_audit_log_is_read_only_and_staff_without_the_role_see_no_queue(client, space, flagged):
    moderator = staff_moderator(client)
    moderation.hide_post(flagged, actor=moderator, reason="Publicité.")
    entry = ModerationAction.objects.get()
    assert client.get("/admin/communaute/moderationaction/").status_code == 200
    assert client.get(f"/admin/communaute/moderationaction/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/communaute/moderationaction/add/").status_code == 403
    assert client.post(f"/admin/communaute/moderationaction/{entry.pk}/delete/").status_code == 403
    plain_staff = MemberFactory(is_staff=True)
    activate_totp(plain_staff)
    client.force_login(plain_staff)
    assert client.get("/admin/communaute/flag/").status_code == 403
    assert client.get("/admin/communaute/moderationaction/").status_code == 403


def test_a_suspended_moderator_loses_the_moderation_screens_until_it_ends(
    client, flagged, other_member
):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    moderator = MemberFactory(roles=["Animation"])
    # Suspended while a member, made staff since: administrators are never suspended.
    suspension = moderation.suspend_member(moderator, actor=superuser, days=2, reason="Différend")
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    activate_totp(moderator)
    client.force_login(moderator)
    flag = Flag.objects.get()
    for path in (
        "/admin/communaute/flag/",
        "/admin/communaute/suspension/",
        "/admin/communaute/moderationaction/",
    ):
        assert client.get(path).status_code == 403
    data = {"action": "hide_posts", "_selected_action": [flag.pk], "reason": "Publicité."}
    assert client.post("/admin/communaute/flag/", data).status_code == 403
    flagged.refresh_from_db()
    assert not flagged.is_hidden
    # Shortened in the admin: it ends now.
    suspension.ends_at = timezone.now()
    suspension.save(update_fields=["ends_at"])
    assert client.get("/admin/communaute/flag/").status_code == 200


# Staff who moderate work in the admin; the animators of a space do so on the site.
ADMIN_MODERATORS = {"Animation group", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_moderators_restore_lock_and_lift_in_the_admin(
    client, role, space, flagged, other_member
):
    actor, _moderates_the_space = people(space, make_space("Ailleurs"))[role]
    allowed = role in ADMIN_MODERATORS
    # Everyone is staff here, so that what refuses is the moderation permission.
    actor.is_staff = True
    actor.save(update_fields=["is_staff"])
    activate_totp(actor)
    client.force_login(actor)
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    moderation.hide_post(flagged, actor=superuser, reason="Publicité.")
    suspension = moderation.suspend_member(other_member, actor=superuser, days=3, reason="Pourriel")
    flag = Flag.objects.get()
    expected = 302 if allowed else 403
    for action in ("restore_posts", "lock_topics"):
        data = {"action": action, "_selected_action": [flag.pk], "reason": "Vu en équipe."}
        assert client.post("/admin/communaute/flag/", data).status_code == expected
    data = {"action": "lift", "_selected_action": [suspension.pk], "reason": "Malentendu."}
    assert client.post("/admin/communaute/suspension/", data).status_code == expected
    flagged.refresh_from_db()
    suspension.refresh_from_db()
    assert flagged.is_hidden is not allowed
    assert Topic.objects.get(pk=flagged.topic_id).is_locked is allowed
    assert (suspension.lifted_at is not None) is allowed
    kinds = set(ModerationAction.objects.filter(actor=actor).values_list("kind", flat=True))
    assert kinds == ({"restore_post", "lock_topic", "lift_suspension"} if allowed else set())


def test_reports_from_a_private_space_stay_with_its_moderators_in_admin(client, member):
    from communaute.models import Space

    private = make_space("Cercle", Space.Visibility.PRIVATE)
    insider = make_animator(private)
    topic, _opening = create_topic(private, author=insider, title="Entre nous", body="Chut")
    SpaceMembership.objects.create(space=private, member=member)
    secret = reply(topic, author=member, body="Confidence du cercle")
    moderation.report_post(secret, reporter=insider, reason="personal")
    staff_moderator(client)
    html = client.get("/admin/communaute/flag/").content.decode()
    assert "Confidence du cercle" not in html
    moderation.hide_post(secret, actor=insider, reason="Données personnelles.")
    assert (
        "Données personnelles."
        not in client.get("/admin/communaute/moderationaction/").content.decode()
    )


def test_audit_log_and_suspensions_list_with_a_bounded_number_of_queries(
    client, space, flagged, django_assert_max_num_queries
):
    moderator = staff_moderator(client)
    for path in ("/admin/communaute/moderationaction/", "/admin/communaute/suspension/"):
        with django_assert_max_num_queries(16):
            assert client.get(path).status_code == 200
    for number in range(20):
        author = MemberFactory()
        _topic, post = create_topic(space, author=author, title=f"T{number}", body="?")
        moderation.hide_post(post, actor=moderator, reason="Hors sujet.")
        moderation.suspend_member(author, actor=moderator, days=2, reason="Pause.")
    for path in ("/admin/communaute/moderationaction/", "/admin/communaute/suspension/"):
        with django_assert_max_num_queries(16):
            assert client.get(path).status_code == 200
