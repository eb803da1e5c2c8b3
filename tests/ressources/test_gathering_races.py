"""Registrations sent at the same moment by many people, each on its own connection, as from
several gunicorn workers: the gathering's row lock serves them one by one."""

import pytest

from ressources.models import GatheringRegistration
from ressources.services.gatherings import cancel_registration, register
from tests.communaute.factories import MemberFactory
from tests.races import in_parallel
from tests.ressources.factories import make_gathering

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_twenty_parallel_registrations_for_five_seats_register_five_and_queue_fifteen():
    editor = MemberFactory(roles=["Rédaction"])
    gathering = make_gathering(editor, capacity=5)
    people = [MemberFactory() for _ in range(20)]
    _results, errors = in_parallel(lambda person: register(gathering, member=person), people)
    assert errors == [], [repr(error) for error in errors]
    registrations = list(gathering.registrations.order_by("created_at", "pk"))
    statuses = [registration.status for registration in registrations]
    assert statuses.count("registered") == 5
    assert statuses.count("waiting") == 15
    # In order: the first five to reach the lock have the seats, the others wait behind them.
    assert statuses == ["registered"] * 5 + ["waiting"] * 15
    gathering.refresh_from_db()
    assert (gathering.registered_count, gathering.waiting_count) == (5, 15)

    # Three people leave at once: the next three waiting get their seats, no more.
    seated = [r.member for r in registrations[:3]]
    _results, errors = in_parallel(
        lambda person: cancel_registration(gathering, member=person), seated
    )
    assert errors == []
    promoted = GatheringRegistration.objects.filter(
        gathering=gathering, promoted_at__isnull=False
    ).order_by("created_at", "pk")
    assert [r.pk for r in promoted] == [r.pk for r in registrations[5:8]]
    gathering.refresh_from_db()
    assert (gathering.registered_count, gathering.waiting_count) == (5, 12)
