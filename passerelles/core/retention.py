"""The retention schedule: how long each kind of personal data is kept, and the rule that
destroys it afterwards (Québec's Law 25 asks to destroy what no longer serves its purpose).

Each app registers the rules for what it stores (`register_rule(RetentionRule(...))`, usually
from a `services/retention.py` module its AppConfig imports); passerelles.core registers the
ones for Django's sessions and the task results of django-tasks-db. `schedule()` lists them
with their French description for the README and the privacy centre; `apply_retention()`
(the `apply_retention` command, run daily by the scheduler) applies them.

A rule's duration comes from a setting (RETENTION_*_DAYS, with the rule's default); a rule
without a setting applies as soon as its rows have no purpose (an expired session).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, ngettext

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionRule:
    """`find(cutoff)` gives the rows past their time (cutoff = now minus the duration).

    By default the rows are deleted; `erase(queryset) -> int` erases the personal fields of
    rows that must stay (an IP address in a log line kept for its date and action).
    `description` is French text that may say `%(duration)s` ("30 jours").
    """

    name: str
    description: str | Promise
    find: Callable[[datetime], QuerySet]
    setting: str | None = None
    default_days: int = 0
    erase: Callable[[QuerySet], int] | None = None

    @property
    def days(self) -> int:
        if self.setting is None:
            return self.default_days
        return int(getattr(settings, self.setting, self.default_days))

    @property
    def summary(self) -> str:
        days = self.days
        duration = ngettext("%(count)s jour", "%(count)s jours", days) % {"count": days}
        return str(self.description) % {"duration": duration}

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)

    def due(self, now: datetime) -> QuerySet:
        return self.find(self.cutoff(now))

    def apply(self, now: datetime) -> int:
        """Destroy what is due; returns the number of rows deleted (or erased) by this rule,
        not counting the rows that go with them (an account's email addresses)."""
        with transaction.atomic():
            rows = self.due(now)
            if self.erase is not None:
                return self.erase(rows)
            label = rows.model._meta.label
            _total, per_model = rows.delete()
            return per_model.get(label, 0)


_rules: dict[str, RetentionRule] = {}


def register_rule(rule: RetentionRule) -> RetentionRule:
    _rules[rule.name] = rule
    return rule


def schedule() -> list[RetentionRule]:
    """Every rule, in the order the apps registered them."""
    return list(_rules.values())


@dataclass(frozen=True)
class RetentionOutcome:
    rule: RetentionRule
    count: int


def apply_retention(
    *, now: datetime | None = None, dry_run: bool = False
) -> list[RetentionOutcome]:
    """Apply every rule (one transaction each: a failing rule leaves the others applied), or
    with dry_run only count what each would destroy."""
    now = now or timezone.now()
    outcomes = []
    for rule in schedule():
        count = rule.due(now).count() if dry_run else rule.apply(now)
        if count and not dry_run:
            logger.info("Retention rule %s: %d row(s) deleted or erased", rule.name, count)
        outcomes.append(RetentionOutcome(rule=rule, count=count))
    return outcomes


def set_null(*fields: str) -> Callable[[QuerySet], int]:
    """An `erase` that blanks the given fields (an IP address) and keeps the rows."""

    def erase(rows: QuerySet) -> int:
        return rows.update(**dict.fromkeys(fields))

    return erase


# The rules for what Django and django-tasks-db store on behalf of every app ----------------


def _expired_sessions(cutoff: datetime) -> QuerySet:
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=cutoff)


def _finished_task_results(cutoff: datetime) -> QuerySet:
    from django_tasks_db.models import DBTaskResult

    # Their arguments name members and objects; a task still waiting or running is kept.
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


register_rule(
    RetentionRule(
        name="sessions",
        description=gettext_lazy(
            "Sessions de connexion expirées : supprimées dès leur expiration (deux semaines "
            "sans visite, ou à la déconnexion)."
        ),
        find=_expired_sessions,
    )
)
register_rule(
    RetentionRule(
        name="task_results",
        description=gettext_lazy(
            "Résultats des tâches d'arrière-plan (envoi des courriels, aperçus de liens) : "
            "supprimés %(duration)s après la fin de la tâche."
        ),
        find=_finished_task_results,
        setting="RETENTION_TASK_RESULT_DAYS",
        default_days=14,
    )
)


def run_retention(now: datetime) -> str:
    """The scheduler's daily job: the counts per rule, for the admin's "last result"."""
    outcomes = apply_retention(now=now)
    return ", ".join(f"{outcome.rule.name}: {outcome.count}" for outcome in outcomes)
