"""The scheduler: jobs run at their times (the clock is passed in, nothing sleeps), once even
when two schedulers run together, and a failing job is recorded without stopping the others."""

import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from communaute.models import EmailDelivery
from passerelles.core import scheduler
from passerelles.core.models import ScheduledJob
from passerelles.core.scheduler import Job, register_job, run_due_jobs
from tests.communaute.factories import activate_totp
from tests.database import database_url

TORONTO = ZoneInfo("America/Toronto")
# A Thursday morning in Toronto, 9 h (14:00 UTC).
MORNING = datetime(2026, 1, 15, 9, 0, tzinfo=TORONTO)


@pytest.fixture
def own_jobs(monkeypatch):
    """The test's jobs only: the apps' real jobs are left out of it."""
    monkeypatch.setattr(scheduler, "_jobs", {})
    calls = []

    def recorder(name):
        def run(now):
            calls.append((name, now))
            return f"{name} ok"

        return run

    return calls, recorder


def ran(calls):
    return [name for name, _now in calls]


# When jobs run ---------------------------------------------------------------------------


def test_a_daily_job_computes_its_next_run_in_the_site_time_zone_across_a_clock_change():
    job = Job(name="nuit", description="", run=lambda now: None, at=time(3, 30))

    assert job.next_run_after(MORNING) == datetime(2026, 1, 16, 3, 30, tzinfo=TORONTO)
    # Daylight saving time starts on Sunday 8 March 2026 at 2 h: 3 h 30 is then 7:30 UTC.
    saturday = datetime(2026, 3, 7, 4, 0, tzinfo=TORONTO)
    assert job.next_run_after(saturday) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert job.next_run_after(datetime(2026, 3, 8, 3, 29, tzinfo=TORONTO)).day == 8


def test_a_job_needs_exactly_one_kind_of_schedule():
    with pytest.raises(ValueError):
        Job(name="x", description="", run=lambda now: None)
    with pytest.raises(ValueError):
        Job(name="x", description="", run=lambda now: None, every=timedelta(1), at=time(1))


@pytest.mark.django_db
def test_interval_jobs_run_at_once_and_then_every_interval(own_jobs):
    calls, recorder = own_jobs
    register_job("often", "", recorder("often"), every=timedelta(minutes=10))

    run_due_jobs(now=MORNING)
    run_due_jobs(now=MORNING + timedelta(minutes=9))
    run_due_jobs(now=MORNING + timedelta(minutes=10))

    assert calls == [("often", MORNING), ("often", MORNING + timedelta(minutes=10))]
    row = ScheduledJob.objects.get(name="often")
    assert row.next_run_at == MORNING + timedelta(minutes=20)
    assert row.last_started_at == MORNING + timedelta(minutes=10)
    assert row.last_status == ScheduledJob.Status.SUCCEEDED
    assert row.last_result == "often ok"


@pytest.mark.django_db
def test_a_daily_job_waits_for_its_time_and_runs_once_that_day(own_jobs):
    calls, recorder = own_jobs
    register_job("morning", "", recorder("morning"), at=time(10, 0))

    run_due_jobs(now=MORNING)  # 9 h: not yet
    run_due_jobs(now=MORNING + timedelta(minutes=59))
    run_due_jobs(now=MORNING + timedelta(hours=1))  # 10 h
    run_due_jobs(now=MORNING + timedelta(hours=5))  # later that day: done already

    assert ran(calls) == ["morning"]
    assert ScheduledJob.objects.get(name="morning").next_run_at == datetime(
        2026, 1, 16, 10, 0, tzinfo=TORONTO
    )
    # A scheduler that was down all night catches up once, not once per missed day.
    run_due_jobs(now=MORNING + timedelta(days=3, hours=2))
    assert ran(calls) == ["morning", "morning"]


@pytest.mark.django_db
def test_a_job_whose_schedule_changed_in_code_gets_a_new_next_run(own_jobs):
    calls, recorder = own_jobs
    register_job("nightly", "", recorder("nightly"), at=time(3, 0))
    run_due_jobs(now=MORNING)
    register_job("nightly", "", recorder("nightly"), every=timedelta(minutes=5))

    run_due_jobs(now=MORNING + timedelta(minutes=1))

    assert ran(calls) == ["nightly"]
    assert ScheduledJob.objects.get(name="nightly").schedule == "every 300s"


# Failures ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failing_job_records_its_traceback_and_the_others_still_run(own_jobs, settings):
    settings.ADMINS = [("Équipe", "equipe@exemple.test")]
    calls, recorder = own_jobs

    def broken(now):
        raise RuntimeError("le serveur de courriel ne répond pas")

    register_job("broken", "", broken, every=timedelta(minutes=5))
    register_job("fine", "", recorder("fine"), every=timedelta(minutes=5))

    runs = run_due_jobs(now=MORNING)
    run_due_jobs(now=MORNING + timedelta(minutes=5))

    assert [(run.name, run.succeeded) for run in runs] == [("broken", False), ("fine", True)]
    assert ran(calls) == ["fine", "fine"]
    row = ScheduledJob.objects.get(name="broken")
    assert row.last_status == ScheduledJob.Status.FAILED
    assert row.consecutive_failures == 2
    assert "Traceback" in row.last_error
    assert "RuntimeError: le serveur de courriel ne répond pas" in row.last_error
    assert row.next_run_at == MORNING + timedelta(minutes=10)  # it is tried again later
    # The administrators are told once, at the first failure in a row.
    assert [email.subject for email in mail.outbox] == ["[Django] Scheduled job broken failed"]
    assert "le serveur de courriel ne répond pas" in mail.outbox[0].body

    # Once it works again, the failures are cleared.
    register_job("broken", "", recorder("broken"), every=timedelta(minutes=5))
    run_due_jobs(now=MORNING + timedelta(minutes=10))
    row.refresh_from_db()
    assert (row.last_status, row.consecutive_failures, row.last_error) == ("succeeded", 0, "")


# Two schedulers at once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_running_together_run_a_due_job_once(own_jobs):
    calls, recorder = own_jobs
    register_job("digest", "", recorder("digest"), every=timedelta(hours=1))
    register_job("nightly", "", recorder("nightly"), at=time(3, 30))
    run_due_jobs(now=MORNING)  # the rows exist; "digest" ran at 9 h
    calls.clear()
    start = threading.Barrier(4)
    errors = []
    next_night = datetime(2026, 1, 16, 3, 30, tzinfo=TORONTO)

    def scheduler_process():
        try:
            start.wait(timeout=10)
            run_due_jobs(now=next_night)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=scheduler_process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(ran(calls)) == ["digest", "nightly"]


# The apps' own jobs ------------------------------------------------------------------------


def test_the_apps_register_digests_email_retries_feedback_and_retention():
    schedules = {job.name: job.schedule_key for job in scheduler.jobs()}

    assert schedules["digests"] == "every 3600s"
    assert schedules["email_retries"] == "every 600s"
    assert schedules["service_feedback"] == "daily 10:00"
    assert schedules["retention"] == "daily 03:30"
    assert scheduler.get_job("retention").schedule_label == "chaque jour à 3\u00a0h\u00a030"


@pytest.mark.django_db
def test_the_retention_job_applies_the_schedule_at_night(member):
    night = datetime(2026, 1, 16, 3, 30, tzinfo=TORONTO)
    old = EmailDelivery.objects.create(
        recipient=member,
        status=EmailDelivery.Status.SENT,
        created_at=night - timedelta(days=91),
    )

    run_due_jobs(now=MORNING)
    assert EmailDelivery.objects.filter(pk=old.pk).exists()  # 9 h: not its time

    run_due_jobs(now=night)
    assert not EmailDelivery.objects.filter(pk=old.pk).exists()
    row = ScheduledJob.objects.get(name="retention")
    assert "email_deliveries: 1" in row.last_result


# The command and the admin -----------------------------------------------------------------


@pytest.mark.django_db
def test_run_scheduler_once_runs_the_due_jobs_and_can_force_one(own_jobs):
    calls, recorder = own_jobs
    register_job("often", "", recorder("often"), every=timedelta(minutes=10))
    register_job("nightly", "", recorder("nightly"), at=time(3, 30))
    out = StringIO()

    call_command("run_scheduler", "--once", stdout=out)
    call_command("run_scheduler", "--once", "--run", "nightly", stdout=out)

    assert ran(calls) == ["often", "nightly"]
    assert "often: done" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown job"):
        call_command("run_scheduler", "--once", "--run", "inconnue")


@pytest.mark.django_db
def test_the_admin_shows_the_jobs_read_only_and_runs_one_soon(client, staff, own_jobs):
    calls, recorder = own_jobs
    register_job("nightly", "Nettoie la nuit", recorder("nightly"), at=time(3, 30))
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert calls == []  # its time has not come
    row = ScheduledJob.objects.get(name="nightly")
    activate_totp(staff)
    client.force_login(staff)

    page = client.get("/admin/core/scheduledjob/")
    assert page.status_code == 200
    assert "chaque jour à 3\u00a0h\u00a030" in page.content.decode()
    assert client.get("/admin/core/scheduledjob/add/").status_code == 403
    detail = client.get(f"/admin/core/scheduledjob/{row.pk}/change/")
    assert detail.status_code == 200
    assert "Nettoie la nuit" in detail.content.decode()
    assert 'name="next_run_at"' not in detail.content.decode()  # nothing to edit

    response = client.post(
        "/admin/core/scheduledjob/",
        {"action": "run_now", "_selected_action": [row.pk]},
        follow=True,
    )
    assert "sera lancée au prochain passage" in response.content.decode()
    row.refresh_from_db()
    assert row.next_run_at <= datetime.now(UTC)
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert ran(calls) == ["nightly"]


@pytest.mark.django_db
def test_members_cannot_see_the_jobs(client, member):
    client.force_login(member)
    assert client.get("/admin/core/scheduledjob/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_process_runs_the_due_jobs_and_stops_on_sigterm():
    """The long-running process, as `make run` and systemd start it, on the test database."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "passerelles.settings.test"
    # A socket folder too (the project's own server, as `make test` runs without DATABASE_URL).
    env["DATABASE_URL"] = database_url()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # A hung process is killed, so a read below never waits forever.
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        waiting = {"digests: done", "email_retries: done"}
        # The interval jobs run as soon as it starts; each line comes as it is written.
        while waiting:
            line = process.stdout.readline()
            assert line, process.stderr.read()
            waiting = {job for job in waiting if not line.strip().endswith(job)}
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=60)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert out.strip().endswith("Scheduler stopped.")
    assert set(ScheduledJob.objects.values_list("name", flat=True)) >= {"digests", "retention"}
