"""Demo follows, skills, email choices and an announcement (development only)."""

from communaute.models import Announcement, EmailFrequency, EmailPreference, Member, Space
from communaute.services.announcements import publish_announcement
from communaute.services.following import follow_space
from communaute.services.members import update_profile
from passerelles.demo.forum import ANIMATOR_EMAIL

# Who can help with what, and who chose to appear in the directory.
SKILLS = {
    "membre@passerelles.test": ["billetterie en ligne", "locaux de répétition"],
    "partenaire@passerelles.test": ["demandes de subvention", "tournées en Acadie"],
    ANIMATOR_EMAIL: ["animation de communauté", "médiation culturelle"],
    "artiste@passerelles.test": ["diffusion dans les Maritimes", "captation sonore"],
    "artiste.mb@passerelles.test": ["métadonnées", "découvrabilité des œuvres"],
}
# Most members keep the default (a daily digest); two chose otherwise.
FREQUENCIES = {
    ANIMATOR_EMAIL: EmailFrequency.EACH_EVENT,
    "artiste.mb@passerelles.test": EmailFrequency.WEEKLY,
}
SPACE_FOLLOWS = {
    "membre@passerelles.test": ["outils-numeriques"],
    "artiste.mb@passerelles.test": ["diffusion-et-tournees", "outils-numeriques"],
}
ANNOUNCEMENT = {
    "space": "diffusion-et-tournees",
    "title": "Rencontre virtuelle sur le partage de transport",
    "body": "Bonjour à toutes et à tous,\n\nNous nous retrouvons en visioconférence le "
    "**mardi 20 janvier, à 14 h** (heure de l'Est) pour faire le point sur les camions et "
    "les dates partagées de l'hiver. Apportez vos calendriers de tournée !",
}


def seed_following(stdout=None):
    emails = set(SKILLS) | set(FREQUENCIES) | set(SPACE_FOLLOWS)
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    for email, skills in SKILLS.items():
        member = members.get(email)
        if member is not None and not member.skills.exists():
            update_profile(member, actor=member, changes={"in_directory": True}, skills=skills)
    for email, frequency in FREQUENCIES.items():
        if email in members:
            EmailPreference.objects.get_or_create(
                member=members[email], defaults={"frequency": frequency}
            )
    follows = 0
    for email, slugs in SPACE_FOLLOWS.items():
        member = members.get(email)
        if member is None:
            continue
        for space in Space.objects.filter(slug__in=slugs).exclude(subscriptions__member=member):
            follow_space(member, space)
            follows += 1
    announcements = 0
    space = Space.objects.filter(slug=ANNOUNCEMENT["space"]).first()
    animator = Member.objects.filter(email=ANIMATOR_EMAIL).first()
    exists = Announcement.objects.filter(title=ANNOUNCEMENT["title"]).exists()
    if space is not None and animator is not None and not exists:
        publish_announcement(
            space, author=animator, title=ANNOUNCEMENT["title"], body=ANNOUNCEMENT["body"]
        )
        announcements = 1
    if stdout:
        stdout.write(f"  following: {follows} space follows, {announcements} announcement created")
