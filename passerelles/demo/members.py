"""Fictional demo members, one per role (development only: their password is public)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from communaute.models import Member
from communaute.permissions import roles
from passerelles.core.models import Discipline

DEMO_PASSWORD = "passerelles-demo-2026"

DEMO_MEMBERS = [
    {
        "email": "admin@passerelles.test",
        "display_name": "Équipe du portail",
        "is_staff": True,
        "is_superuser": True,
        "province": "QC",
        "organization_name": "Passerelles Culture",
        "bio": "Le compte de l'équipe qui administre le portail.",
        "roles": [],
        "disciplines": [],
    },
    {
        "email": "redaction@passerelles.test",
        "display_name": "Maude Bélanger",
        "province": "QC",
        "organization_name": "Culture pour tous",
        "bio": "Je relis et publie les réflexions et les mises à jour des partenaires.",
        "roles": [roles.EDITORIAL],
        "disciplines": ["literature"],
    },
    {
        "email": "partenaire@passerelles.test",
        "display_name": "Julien Arsenault",
        "province": "NB",
        "organization_name": "AAAPNB",
        "bio": "Je coordonne les services mutualisés offerts aux artistes de l'Acadie.",
        "roles": [roles.PARTNER],
        "disciplines": ["music", "theatre"],
        "in_directory": True,
    },
    {
        "email": "animation@passerelles.test",
        "display_name": "Amina Diallo",
        "province": "ON",
        "organization_name": "Collectif des arts de Sudbury",
        "bio": "J'anime les espaces d'échange et je veille à ce que chacun s'y sente bienvenu.",
        "roles": [roles.ANIMATION],
        "disciplines": ["dance", "multidisciplinary"],
        "in_directory": True,
    },
    {
        "email": "membre@passerelles.test",
        "display_name": "Sophie Gagnon",
        "province": "QC",
        "organization_name": "Théâtre du Bas-du-Fleuve",
        "bio": "Metteuse en scène à Rimouski. Je cherche à partager un local de répétition "
        "et des outils de billetterie.",
        "roles": [],
        "disciplines": ["theatre"],
        "in_directory": True,
    },
    {
        "email": "artiste@passerelles.test",
        "display_name": "Marc-André Leblanc",
        "province": "NB",
        "organization_name": "",
        "bio": "Auteur-compositeur-interprète de Caraquet, en tournée dans les Maritimes.",
        "roles": [],
        "disciplines": ["music"],
    },
    {
        "email": "artiste.mb@passerelles.test",
        "display_name": "Nadia Chartrand",
        "province": "MB",
        "organization_name": "",
        "bio": "Artiste en arts visuels à Saint-Boniface. Je m'intéresse à la découvrabilité "
        "des œuvres en ligne.",
        "roles": [],
        "disciplines": ["visual-arts", "media-arts"],
    },
]


def seed_members(stdout=None, members=DEMO_MEMBERS):
    """Create the demo members missing (other apps pass their own list of fictional people)."""
    created = 0
    for spec in members:
        spec = dict(spec)
        group_names = spec.pop("roles")
        discipline_codes = spec.pop("disciplines")
        email = spec.pop("email")
        member = Member.objects.filter(email=email).first()
        if member is not None:
            continue
        member = Member.objects.create_user(email=email, password=DEMO_PASSWORD, **spec)
        EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
        member.groups.add(*Group.objects.filter(name__in=group_names))
        member.disciplines.set(Discipline.objects.filter(code__in=discipline_codes))
        created += 1
    if stdout:
        stdout.write(f"  members: {created} created")
