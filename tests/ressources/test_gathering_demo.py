import pytest
from django.core.management import call_command
from django.utils import timezone

from ressources.models import Gathering, GatheringRegistration

pytestmark = pytest.mark.django_db


def test_the_demo_gatherings_cover_past_full_online_in_person_and_several_zones(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    gatherings = list(Gathering.objects.all())
    assert len(gatherings) == 4
    past = [g for g in gatherings if g.ends_at < timezone.now()]
    assert len(past) == 1 and past[0].minutes_url
    assert {g.time_zone for g in gatherings} >= {"America/Halifax", "America/Winnipeg"}
    assert {g.attendance for g in gatherings} == {"online", "in_person", "both"}
    full = Gathering.objects.get(capacity=2)
    assert (full.registered_count, full.waiting_count) == (2, 2)
    assert GatheringRegistration.objects.filter(gathering=full, status="waiting").count() == 2
