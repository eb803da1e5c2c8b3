from io import StringIO

import pytest
from django.core.management import call_command

from communaute.models import Flag, ModerationAction

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_moderation_queue_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Flag.objects.filter(status=Flag.Status.OPEN).count() == 1
    assert Flag.objects.filter(status=Flag.Status.DISMISSED).count() == 1
    entry = ModerationAction.objects.get()
    assert entry.kind == ModerationAction.Kind.DISMISS_FLAG and entry.actor is not None
