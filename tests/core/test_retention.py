"""The retention schedule: each rule deletes what is past its time and nothing else (rows just
inside the limit, confirmed or active accounts, work still waiting all stay)."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from communaute.models import EmailDelivery, JoinRequest, Member, Notification, Space
from communaute.permissions import roles
from passerelles.core.retention import apply_retention, schedule
from ressources.services.organizations import add_representative
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import make_space
from tests.ressources.factories import make_organization

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)
MARGIN = timedelta(hours=1)


def counts(**kwargs):
    return {outcome.rule.name: outcome.count for outcome in apply_retention(now=NOW, **kwargs)}


def signed_up(email, *, days_ago, verified=False, **fields):
    """An account as allauth's signup leaves it: an address waiting for its confirmation."""
    member = Member.objects.create_user(
        email=email, password="x", display_name=email.split("@")[0], **fields
    )
    Member.objects.filter(pk=member.pk).update(date_joined=NOW - timedelta(days=days_ago))
    EmailAddress.objects.create(user=member, email=email, verified=verified, primary=True)
    return member


def remaining(*members):
    rows = Member.objects.filter(pk__in=[member.pk for member in members])
    return set(rows.values_list("email", flat=True))


# Accounts ----------------------------------------------------------------------------------


def test_an_unconfirmed_account_goes_after_fourteen_days_with_its_address():
    gone = signed_up("jamais@exemple.test", days_ago=15)
    EmailConfirmation.objects.create(
        email_address=gone.emailaddress_set.get(), key="k" * 64, sent=NOW - 15 * DAY
    )
    recent = signed_up("recent@exemple.test", days_ago=13)
    # The consents given at sign-up are the account's settings, not content that keeps it.
    from communaute.services import consents

    consents.record_signup_consents(gone, {consents.DIRECTORY: True, consents.EMAILS: True})

    assert counts()["unconfirmed_accounts"] == 1

    assert remaining(gone, recent) == {"recent@exemple.test"}
    assert not EmailAddress.objects.filter(email="jamais@exemple.test").exists()


def test_confirmed_active_staff_or_admin_made_accounts_are_never_deleted_as_unconfirmed():
    confirmed = signed_up("confirme@exemple.test", days_ago=400, verified=True)
    # A second, unconfirmed address (an address change never confirmed) is no reason.
    EmailAddress.objects.create(user=confirmed, email="nouvelle@exemple.test", verified=False)
    signed_in = signed_up("connecte@exemple.test", days_ago=400, last_login=NOW - 300 * DAY)
    staff = signed_up("equipe@exemple.test", days_ago=400, is_staff=True)
    # createsuperuser, the admin and seed_demo make accounts without an EmailAddress row.
    admin_made = Member.objects.create_user(
        email="admin-fait@exemple.test", password="x", display_name="Fait par l'admin"
    )
    Member.objects.filter(pk=admin_made.pk).update(date_joined=NOW - 400 * DAY)

    assert counts()["unconfirmed_accounts"] == 0
    assert remaining(confirmed, signed_in, staff, admin_made) == {
        "confirme@exemple.test",
        "connecte@exemple.test",
        "equipe@exemple.test",
        "admin-fait@exemple.test",
    }


def test_an_unconfirmed_account_with_anything_of_its_own_in_any_app_is_kept():
    # A representative named by an organization (ressources, which communaute never imports),
    # a space invitation received, a role given by an administrator: each keeps the account.
    representative = signed_up("representant@exemple.test", days_ago=30)
    add_representative(make_organization("AAAPNB"), representative)
    # Only the representation itself keeps it here, not the Partenaire role it may bring.
    representative.groups.remove(*representative.groups.exclude(name=roles.MEMBER))
    invited = signed_up("invitee@exemple.test", days_ago=30)
    animator = MemberFactory()
    space = make_space("Danse", visibility=Space.Visibility.PRIVATE)
    JoinRequest.objects.create(space=space, member=invited, invited_by=animator)
    editor = signed_up("redaction@exemple.test", days_ago=30)
    editor.groups.add(Group.objects.get_or_create(name=roles.EDITORIAL)[0])
    plain = signed_up("rien@exemple.test", days_ago=30)

    assert counts()["unconfirmed_accounts"] == 1
    assert remaining(representative, invited, editor, plain) == {
        "representant@exemple.test",
        "invitee@exemple.test",
        "redaction@exemple.test",
    }


def test_expired_email_confirmations_go_and_recent_ones_stay():
    member = signed_up("attente@exemple.test", days_ago=1)
    address = member.emailaddress_set.get()
    EmailConfirmation.objects.create(email_address=address, key="a" * 64, sent=NOW - 4 * DAY)
    EmailConfirmation.objects.create(email_address=address, key="b" * 64, sent=NOW - 2 * DAY)

    assert counts()["email_confirmations"] == 1
    assert list(EmailConfirmation.objects.values_list("key", flat=True)) == ["b" * 64]


# Sessions and background tasks ------------------------------------------------------------


def test_expired_sessions_go_and_live_ones_stay():
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=NOW - MARGIN)
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=NOW + MARGIN)

    assert counts()["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def task_result(status, *, finished_days_ago=None):
    finished = NOW - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    return DBTaskResult.objects.create(
        status=status,
        finished_at=finished,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="communaute.notifications.tasks.send_email",
        backend_name="default",
        run_after=NOW - 30 * DAY,
        exception_class_path="",
        traceback="",
    )


def test_finished_task_results_go_after_fourteen_days_and_waiting_ones_stay():
    done = task_result(TaskResultStatus.SUCCESSFUL, finished_days_ago=15)
    failed = task_result(TaskResultStatus.FAILED, finished_days_ago=15)
    recent = task_result(TaskResultStatus.SUCCESSFUL, finished_days_ago=13)
    waiting = task_result(TaskResultStatus.READY)
    running = task_result(TaskResultStatus.RUNNING)

    assert counts()["task_results"] == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        recent.pk,
        waiting.pk,
        running.pk,
    }
    assert not DBTaskResult.objects.filter(pk__in=[done.pk, failed.pk]).exists()


# Emails, invitations, notifications -------------------------------------------------------


def delivery(member, status, *, days_ago):
    return EmailDelivery.objects.create(
        recipient=member,
        subject="Résumé",
        body="…",
        status=status,
        created_at=NOW - timedelta(days=days_ago),
    )


def test_email_deliveries_go_after_ninety_days_unless_still_waiting(member):
    sent_long_ago = delivery(member, EmailDelivery.Status.SENT, days_ago=91)
    abandoned = delivery(member, EmailDelivery.Status.ABANDONED, days_ago=91)
    sent_recently = delivery(member, EmailDelivery.Status.SENT, days_ago=89)
    waiting = delivery(member, EmailDelivery.Status.PENDING, days_ago=200)

    assert counts()["email_deliveries"] == 2
    assert set(EmailDelivery.objects.values_list("pk", flat=True)) == {
        sent_recently.pk,
        waiting.pk,
    }
    assert not EmailDelivery.objects.filter(pk__in=[sent_long_ago.pk, abandoned.pk]).exists()


def test_the_durations_come_from_the_settings(member, settings):
    settings.RETENTION_EMAIL_DELIVERY_DAYS = 10
    delivery(member, EmailDelivery.Status.SENT, days_ago=11)
    kept = delivery(member, EmailDelivery.Status.SENT, days_ago=9)

    assert counts()["email_deliveries"] == 1
    assert list(EmailDelivery.objects.values_list("pk", flat=True)) == [kept.pk]


def join_request(space, member, *, days_ago, invited_by=None, status="pending", decided=None):
    row = JoinRequest.objects.create(
        space=space,
        member=member,
        invited_by=invited_by,
        status=status,
        decided_at=NOW - timedelta(days=decided) if decided is not None else None,
    )
    JoinRequest.objects.filter(pk=row.pk).update(created_at=NOW - timedelta(days=days_ago))
    return row


def test_unanswered_invitations_go_after_thirty_days_but_requests_waiting_for_animators_stay():
    animator = MemberFactory()
    spaces = [make_space(f"Espace {n}", visibility=Space.Visibility.PRIVATE) for n in range(4)]
    stale = join_request(spaces[0], MemberFactory(), days_ago=31, invited_by=animator)
    fresh = join_request(spaces[1], MemberFactory(), days_ago=29, invited_by=animator)
    # A member's own request waits for the animators: deleting it would lose it silently.
    asked = join_request(spaces[2], MemberFactory(), days_ago=200)

    assert counts()["stale_invitations"] == 1
    assert set(JoinRequest.objects.values_list("pk", flat=True)) == {fresh.pk, asked.pk}
    assert not JoinRequest.objects.filter(pk=stale.pk).exists()


def test_decided_join_requests_go_a_year_after_the_decision_and_the_membership_stays():
    space = make_space("Théâtre", visibility=Space.Visibility.PRIVATE)
    old = join_request(space, MemberFactory(), days_ago=400, status="approved", decided=366)
    space.memberships.create(member=old.member)
    recent = join_request(space, MemberFactory(), days_ago=400, status="declined", decided=364)

    assert counts()["decided_join_requests"] == 1
    assert list(JoinRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert space.memberships.filter(member=old.member).exists()


def notification(member, *, read_days_ago=None):
    return Notification.objects.create(
        recipient=member,
        kind="reply",
        url="/",
        created_at=NOW - 500 * DAY,
        read_at=NOW - timedelta(days=read_days_ago) if read_days_ago is not None else None,
    )


def test_read_notifications_go_a_year_after_reading_and_unread_ones_stay(member):
    notification(member, read_days_ago=366)
    read_recently = notification(member, read_days_ago=364)
    unread = notification(member)

    assert counts()["read_notifications"] == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {
        read_recently.pk,
        unread.pk,
    }


# The whole schedule ----------------------------------------------------------------------


def test_a_dry_run_counts_per_rule_and_deletes_nothing(member):
    signed_up("jamais@exemple.test", days_ago=15)
    delivery(member, EmailDelivery.Status.SENT, days_ago=91)
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=NOW - MARGIN)

    dry = counts(dry_run=True)

    assert dry["unconfirmed_accounts"] == 1
    assert dry["email_deliveries"] == 1
    assert dry["sessions"] == 1
    assert Member.objects.filter(email="jamais@exemple.test").exists()
    assert EmailDelivery.objects.count() == 1
    assert Session.objects.count() == 1
    assert counts() == dry


def test_the_command_prints_each_rule_with_its_count(member):
    delivery(member, EmailDelivery.Status.SENT, days_ago=91)
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    lines = out.getvalue().splitlines()
    assert "email_deliveries (kept 90 day(s)): would delete 1" in lines
    assert "sessions (kept until expiry): would delete 0" in lines
    assert lines[-1] == "Total: would delete 1 row(s)."
    assert EmailDelivery.objects.count() == 1

    call_command("apply_retention", stdout=StringIO())
    assert EmailDelivery.objects.count() == 0


def test_the_schedule_describes_every_rule_in_french_with_its_duration():
    summaries = {rule.name: rule.summary for rule in schedule()}

    assert set(summaries) >= {
        "sessions",
        "task_results",
        "unconfirmed_accounts",
        "email_confirmations",
        "email_deliveries",
        "stale_invitations",
        "decided_join_requests",
        "read_notifications",
    }
    assert "90 jours après l'envoi" in summaries["email_deliveries"]
    assert "14 jours après l'inscription" in summaries["unconfirmed_accounts"]
    assert "%(" not in "".join(summaries.values())


def test_the_schedule_reads_in_english_too():
    with translation.override("en"):
        summary = next(rule.summary for rule in schedule() if rule.name == "email_deliveries")
    assert summary == (
        "Emails sent by the site (notifications and digests): their record is deleted "
        "90 days after sending."
    )


def test_the_readme_documents_every_rule_and_its_setting():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Retention schedule", 1)[1].split("\n## ", 1)[0]
    for rule in schedule():
        assert f"| `{rule.name}` |" in section, rule.name
        if rule.setting:
            assert f"`{rule.setting}`" in section, rule.setting


def test_a_rule_may_erase_a_field_and_keep_its_rows(member, monkeypatch):
    # How an app that keeps an IP address with a row would blank it (no table holds one today).
    from passerelles.core import retention

    monkeypatch.setattr(retention, "_rules", {})
    retention.register_rule(
        retention.RetentionRule(
            name="erase",
            description="",
            find=lambda cutoff: Notification.objects.filter(read_at__lt=cutoff),
            setting="RETENTION_IP_ADDRESS_DAYS",
            default_days=30,
            erase=retention.set_null("read_at"),
        )
    )
    old = notification(member, read_days_ago=31)
    recent = notification(member, read_days_ago=29)

    assert counts() == {"erase": 1}

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.read_at is None
    assert recent.read_at == NOW - timedelta(days=29)
