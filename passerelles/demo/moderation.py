"""Demo moderation: two reports in the queue, one already dismissed, so that Django admin's
moderation queue and audit log show what they are for. Development only; idempotent: nothing
is added once a report exists. Written through the same services as the site."""

from communaute.models import Flag, Member, Post
from communaute.services.moderation import dismiss_flag, report_post
from passerelles.demo.loader import load


def seed_moderation(stdout=None):
    if Flag.objects.exists():
        return
    data = load("moderation")
    members = {
        member.email: member
        for member in Member.objects.filter(
            email__in=[data["moderator"]] + [spec["reporter"] for spec in data["reports"]]
        )
    }
    moderator = members.get(data["moderator"])
    created = 0
    for spec in data["reports"]:
        reporter = members.get(spec["reporter"])
        post = (
            Post.objects.filter(
                topic__space__slug=data["space"],
                position__gt=1,
                deleted_at__isnull=True,
                hidden_at__isnull=True,
            )
            .exclude(author=reporter)
            .exclude(author=moderator)
            .exclude(flags__isnull=False)
            .order_by("pk")
            .first()
        )
        if reporter is None or post is None:
            continue
        flag, _created = report_post(
            post, reporter=reporter, reason=spec["reason"], comment=spec["comment"]
        )
        created += 1
        if spec["dismiss"] and moderator is not None:
            dismiss_flag(flag, actor=moderator, reason=spec["dismiss"])
    if stdout:
        stdout.write(f"  moderation: {created} reports created")
