import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.utils import timezone

from passerelles.core.scheduler import jobs, next_wakeup, run_due_jobs, run_soon

logger = logging.getLogger(__name__)
RETRY_AFTER_DATABASE_ERROR = 30  # seconds


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (digests, email retries, service feedback, retention) at their "
        "times; run it beside `db_worker`. Several schedulers may run at once: each due run "
        "happens once. --once runs what is due and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the due jobs once and exit.")
        parser.add_argument(
            "--run",
            nargs="+",
            metavar="JOB",
            default=[],
            help="Make these jobs due at once (with --once: run them now).",
        )

    def handle(self, *args, once, run, **options):
        names = {job.name for job in jobs()}
        unknown = sorted(set(run) - names)
        if unknown:
            raise CommandError(
                f"Unknown job(s): {', '.join(unknown)}. Known: {', '.join(sorted(names))}."
            )
        if run:
            run_soon(run)
        if once:
            self._run()
            return
        stopping = threading.Event()
        # systemd and Ctrl-C stop it after the pass in progress, never in the middle of a job.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stopping.set())
        self.stdout.write(f"Scheduler started: {', '.join(sorted(names))}.")
        self.stdout.flush()  # a log collector reads it as it comes, not when a buffer fills
        while not stopping.is_set():
            try:
                self._run()
                wait = (next_wakeup(timezone.now()) - timezone.now()).total_seconds()
            except DatabaseError:
                # The database is away (restart, failover): try again shortly, without a
                # restart of the process; the jobs due meanwhile run when it is back.
                logger.exception("The scheduler cannot reach the database")
                wait = RETRY_AFTER_DATABASE_ERROR
            # No connection is held while waiting (it goes back to the pool, or is closed).
            connections.close_all()
            stopping.wait(max(1.0, wait))
        self.stdout.write("Scheduler stopped.")

    def _run(self):
        for job_run in run_due_jobs():
            state = "done" if job_run.succeeded else "FAILED (see the admin)"
            self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} {job_run.name}: {state}")
            self.stdout.flush()
