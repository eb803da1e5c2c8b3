"""The scheduler: jobs that run at their times (digests, feedback requests, retention), in the
`run_scheduler` process beside the tasks worker. django-tasks 0.12 and django-tasks-db have no
scheduling of their own.

Jobs are declared in code by the apps (`register_job(...)` from their AppConfig.ready), with
either an interval (`every`) or a daily time (`at`, in the site's TIME_ZONE). Each job has a
ScheduledJob row: its state for the admin, and the lock that makes a due run happen once when
two schedulers run at once (two servers, or a restart that overlaps): a scheduler claims a run
by locking the row (SELECT ... FOR UPDATE SKIP LOCKED), checking it is still due and moving
next_run_at forward, in one short transaction; the job then runs outside it, so that its own
writes commit as they go. A failing job records its traceback and the others still run.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passerelles.core.formats import format_time
from passerelles.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """`run(now)` does the work and may return a short summary for the admin."""

    name: str
    description: str | Promise
    run: Callable[[datetime], object]
    every: timedelta | None = None
    at: time | None = None

    def __post_init__(self):
        if (self.every is None) == (self.at is None):
            raise ValueError(f"Job {self.name!r}: give either every= or at=, not both.")

    @property
    def schedule_key(self) -> str:
        """Stored on the row: when it changes in code, the next run is computed again."""
        if self.every is not None:
            return f"every {int(self.every.total_seconds())}s"
        return f"daily {self.at:%H:%M}"

    @property
    def schedule_label(self) -> str:
        if self.every is not None:
            minutes = int(self.every.total_seconds() // 60)
            if minutes % 60 == 0:
                hours = minutes // 60
                return ngettext("toutes les heures", "toutes les %(count)s heures", hours) % {
                    "count": hours
                }
            return ngettext("chaque minute", "toutes les %(count)s minutes", minutes) % {
                "count": minutes
            }
        return _("chaque jour à %(time)s") % {"time": format_time(self.at)}

    def next_run_after(self, moment: datetime) -> datetime:
        if self.every is not None:
            return moment + self.every
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        candidate = datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = datetime.combine(local.date() + timedelta(days=1), self.at, tzinfo=zone)
        return candidate

    def first_run(self, now: datetime) -> datetime:
        # An interval job runs as soon as the scheduler starts; a daily one waits for its time.
        return now if self.every is not None else self.next_run_after(now)


_jobs: dict[str, Job] = {}


def register_job(
    name: str,
    description: str | Promise,
    run: Callable[[datetime], object],
    *,
    every: timedelta | None = None,
    at: time | None = None,
) -> Job:
    job = Job(name=name, description=description, run=run, every=every, at=at)
    _jobs[name] = job
    return job


def jobs() -> list[Job]:
    return list(_jobs.values())


def get_job(name: str) -> Job | None:
    return _jobs.get(name)


def sync_jobs(now: datetime) -> None:
    """One row per registered job; a job whose schedule changed gets its next run again."""
    # The stored description is in the site's language, whoever asks (the admin in English).
    with translation.override(settings.LANGUAGE_CODE):
        _sync_jobs(now)


def _sync_jobs(now: datetime) -> None:
    for job in jobs():
        row, created = ScheduledJob.objects.get_or_create(
            name=job.name,
            defaults={
                "description": str(job.description),
                "schedule": job.schedule_key,
                "next_run_at": job.first_run(now),
            },
        )
        if not created and (
            row.schedule != job.schedule_key or row.description != str(job.description)
        ):
            changed = row.schedule != job.schedule_key
            ScheduledJob.objects.filter(pk=row.pk).update(
                description=str(job.description),
                schedule=job.schedule_key,
                **({"next_run_at": job.first_run(now)} if changed else {}),
            )


def _claim(job: Job, now: datetime) -> bool:
    """Take the due run of this job, or return False when it is not due or another scheduler
    holds it. The row lock makes the check and the move of next_run_at one step."""
    with transaction.atomic():
        row = (
            ScheduledJob.objects.select_for_update(skip_locked=True)
            .filter(name=job.name, next_run_at__lte=now)
            .first()
        )
        if row is None:
            return False
        row.next_run_at = job.next_run_after(now)
        row.last_started_at = now
        row.last_status = ScheduledJob.Status.RUNNING
        row.save(update_fields=["next_run_at", "last_started_at", "last_status"])
        return True


def _record(job: Job, *, now: datetime, result: object = None, error: str = "") -> ScheduledJob:
    with transaction.atomic():
        row = ScheduledJob.objects.select_for_update().get(name=job.name)
        # The clock may be injected (tests): the end is never before the start.
        row.last_finished_at = max(now, timezone.now())
        if error:
            row.last_status = ScheduledJob.Status.FAILED
            row.last_error = error
            row.consecutive_failures += 1
        else:
            row.last_status = ScheduledJob.Status.SUCCEEDED
            row.last_result = "" if result is None else str(result)[:1000]
            row.last_error = ""
            row.consecutive_failures = 0
        row.save()
    return row


def run_job(job: Job, now: datetime) -> bool:
    """Run one claimed job and record how it went; True when it succeeded."""
    try:
        result = job.run(now)
    except Exception:
        logger.exception("Scheduled job %s failed", job.name)
        error = traceback.format_exc()
        row = _record(job, now=now, error=error)
        # The administrators hear of the first failure in a row, not of every retry after it.
        if row.consecutive_failures == 1:
            mail_admins(f"Scheduled job {job.name} failed", error, fail_silently=True)
        return False
    _record(job, now=now, result=result)
    return True


@dataclass(frozen=True)
class JobRun:
    name: str
    succeeded: bool


def run_due_jobs(now: datetime | None = None) -> list[JobRun]:
    """Run every job that is due at `now` and that no other scheduler has taken."""
    now = now or timezone.now()
    sync_jobs(now)
    runs = []
    for job in jobs():
        if _claim(job, now):
            runs.append(JobRun(name=job.name, succeeded=run_job(job, now)))
    return runs


def next_wakeup(now: datetime) -> datetime:
    """When the next job is due (at the latest in a minute, so that "run now" in the admin
    and jobs added by another scheduler are seen soon)."""
    soonest = (
        ScheduledJob.objects.filter(name__in=list(_jobs))
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
    limit = now + timedelta(minutes=1)
    return min(soonest, limit) if soonest else limit


def run_soon(names: list[str], now: datetime | None = None) -> int:
    """The admin's "run now": the scheduler takes these jobs at its next pass."""
    now = now or timezone.now()
    sync_jobs(now)
    return ScheduledJob.objects.filter(name__in=names).update(next_run_at=now)
