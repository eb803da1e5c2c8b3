"""Demo invitations by email (development only), in several states.

Written as rows rather than through invite_people, which emails each address: the demo sends
nothing (seed_demo), and its tokens are random, unused, links nobody holds.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from communaute.models import Invitation, Member, Space
from communaute.models.invitations import token_hash
from passerelles.demo.loader import load


def seed_invitations(stdout=None):
    created = 0
    now = timezone.now()
    for spec in load("invitations")["invitations"]:
        inviter = Member.objects.filter(email=spec["inviter"]).first()
        if inviter is None or Invitation.objects.filter(email=spec["email"]).exists():
            continue
        created_at = now - timedelta(days=spec["days_ago"])
        state = spec["state"]
        Invitation.objects.create(
            email=spec["email"],
            inviter=inviter,
            space=Space.objects.filter(slug=spec.get("space", "")).first(),
            note=spec.get("note", ""),
            token_hash=token_hash(secrets.token_urlsafe(32)),
            status=state,
            created_at=created_at,
            decided_at=None if state == Invitation.Status.PENDING else created_at,
        )
        created += 1
    if stdout:
        stdout.write(f"  invitations: {created} created")
