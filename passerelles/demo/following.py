"""Demo follows, skills, email choices and an announcement (development only)."""

from communaute.models import Announcement, EmailPreference, Member, Space
from communaute.services.announcements import publish_announcement
from communaute.services.following import follow_space
from communaute.services.members import update_profile
from passerelles.demo.loader import load


def seed_following(stdout=None):
    data = load("following")
    announcement = data["announcement"]
    emails = {announcement["author"], *data["skills"], *data["frequencies"], *data["space_follows"]}
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    for email, skills in data["skills"].items():
        member = members.get(email)
        if member is not None and not member.skills.exists():
            update_profile(member, actor=member, changes={"in_directory": True}, skills=skills)
    for email, frequency in data["frequencies"].items():
        if email in members:
            EmailPreference.objects.get_or_create(
                member=members[email], defaults={"frequency": frequency}
            )
    follows = 0
    for email, slugs in data["space_follows"].items():
        member = members.get(email)
        if member is None:
            continue
        for space in Space.objects.filter(slug__in=slugs).exclude(subscriptions__member=member):
            follow_space(member, space)
            follows += 1
    announcements = 0
    space = Space.objects.filter(slug=announcement["space"]).first()
    author = members.get(announcement["author"])
    exists = Announcement.objects.filter(title=announcement["title"]).exists()
    if space is not None and author is not None and not exists:
        publish_announcement(
            space, author=author, title=announcement["title"], body=announcement["body"]
        )
        announcements = 1
    if stdout:
        stdout.write(f"  following: {follows} space follows, {announcements} announcement created")
