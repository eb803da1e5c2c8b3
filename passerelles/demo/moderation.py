"""Demo moderation: two reports in the queue, one already dismissed, so that Django admin's
moderation queue and audit log show what they are for. Development only; idempotent: nothing
is added once a report exists. Written through the same services as the site."""

from communaute.models import Flag, Member, Post
from communaute.services.moderation import dismiss_flag, report_post
from passerelles.demo.forum import ANIMATOR_EMAIL

REPORTS = [
    {
        "reporter": "membre@passerelles.test",
        "reason": Flag.Reason.OFF_TOPIC,
        "comment": "Ce message parle surtout d'une offre commerciale ; est-ce le bon espace pour "
        "ça ?",
        "dismiss": "",
    },
    {
        "reporter": "artiste@passerelles.test",
        "reason": Flag.Reason.OTHER,
        "comment": "Je ne suis pas certain que ce contact accepte d'être nommé ici.",
        "dismiss": "Le contact nommé est un lieu de diffusion public, pas une personne : le "
        "message reste visible. Merci de votre vigilance !",
    },
]


def seed_moderation(stdout=None):
    if Flag.objects.exists():
        return
    members = {
        member.email: member
        for member in Member.objects.filter(
            email__in=[ANIMATOR_EMAIL] + [spec["reporter"] for spec in REPORTS]
        )
    }
    animator = members.get(ANIMATOR_EMAIL)
    created = 0
    for spec in REPORTS:
        reporter = members.get(spec["reporter"])
        post = (
            Post.objects.filter(
                topic__space__slug="diffusion-et-tournees",
                position__gt=1,
                deleted_at__isnull=True,
                hidden_at__isnull=True,
            )
            .exclude(author=reporter)
            .exclude(author=animator)
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
        if spec["dismiss"] and animator is not None:
            dismiss_flag(flag, actor=animator, reason=spec["dismiss"])
    if stdout:
        stdout.write(f"  moderation: {created} reports created")
