"""A demo draft (development only): what the composer keeps while a member types."""

from communaute.models import Draft, Member, Topic
from communaute.permissions.viewer import Viewer
from communaute.services.drafts import save_draft
from passerelles.demo.loader import load


def seed_drafts(stdout=None):
    created = 0
    for spec in load("drafts")["drafts"]:
        member = Member.objects.filter(email=spec["member"]).first()
        topic = Topic.objects.filter(title=spec["topic"]).first()
        if member is None or topic is None:
            continue
        place = f"reply:{topic.pk}"
        if not Draft.objects.filter(member=member, place=place).exists():
            save_draft(Viewer(member), place, spec["body"].strip())
            created += 1
    if stdout:
        stdout.write(f"  drafts: {created} created")
