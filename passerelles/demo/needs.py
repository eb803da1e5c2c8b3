"""Demo needs: what fictional members across the country say they lack, who joins them, which
services already met some, and a few satisfaction answers, so that the portrait has something
to show. Development only.

Members declare and join through the same services as the site's forms; only the dates are
moved back afterwards, so that the month-by-month trend has a past. Idempotent: a need whose
title exists is left as it is, with its supporters.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from communaute.models import Member
from passerelles.core.models import Discipline
from passerelles.demo.members import seed_members
from ressources.models import AccessRequest, Need, NeedSupport, Service, ServiceFeedback
from ressources.services.catalogue import change_request_status, create_access_request
from ressources.services.needs import (
    ask_for_feedback,
    declare_need,
    join_need,
    mark_need_met,
    record_feedback,
)

ADMIN_EMAIL = "admin@passerelles.test"


def _member(email, name, province, discipline, organization="", bio=""):
    return {
        "email": email,
        "display_name": name,
        "province": province,
        "organization_name": organization,
        "bio": bio,
        "roles": [],
        "disciplines": [discipline],
    }


# Fictional people, one or two per region, so that needs come from the whole francophonie.
NEED_MEMBERS = [
    _member(
        "elise.cormier@passerelles.test",
        "Élise Cormier",
        "NB",
        "visual-arts",
        bio="Peintre à Moncton, je partage un atelier avec deux autres artistes.",
    ),
    _member(
        "remi.thibodeau@passerelles.test",
        "Rémi Thibodeau",
        "NS",
        "music",
        "Festival de la Baie",
        "Je programme un petit festival de musique dans la région de Clare.",
    ),
    _member(
        "josee.gallant@passerelles.test",
        "Josée Gallant",
        "PE",
        "theatre",
        "Troupe de l'Île",
        "Comédienne et administratrice d'une troupe de théâtre communautaire.",
    ),
    _member(
        "karim.benali@passerelles.test",
        "Karim Benali",
        "ON",
        "media-arts",
        bio="Artiste numérique à Ottawa, entre installation et jeu vidéo.",
    ),
    _member(
        "manon.levesque@passerelles.test",
        "Manon Lévesque",
        "QC",
        "crafts",
        "Atelier Fil et Bois",
        "Ébéniste à Québec, je vends mes pièces en ligne et en boutique.",
    ),
    _member(
        "theo.lavallee@passerelles.test",
        "Théo Lavallée",
        "MB",
        "circus",
        "Collectif Haut-Vol",
        "Acrobate et cofondateur d'un collectif de cirque à Winnipeg.",
    ),
    _member(
        "annie.bergeron@passerelles.test",
        "Annie Bergeron",
        "SK",
        "literature",
        bio="Autrice et conteuse à Gravelbourg.",
    ),
    _member(
        "lucas.fournier@passerelles.test",
        "Lucas Fournier",
        "AB",
        "film",
        "Productions Chinook",
        "Réalisateur de documentaires à Edmonton.",
    ),
    _member(
        "genevieve.roy@passerelles.test",
        "Geneviève Roy",
        "BC",
        "dance",
        bio="Chorégraphe à Vancouver, je crée pour l'espace public.",
    ),
    _member(
        "hugo.dumas@passerelles.test",
        "Hugo Dumas",
        "YT",
        "heritage",
        "Musée du Klondike francophone",
        "Je m'occupe des collections d'un petit musée à Whitehorse.",
    ),
    _member(
        "ines.moreau@passerelles.test",
        "Inès Moreau",
        "NT",
        "multidisciplinary",
        bio="Médiatrice culturelle à Yellowknife.",
    ),
    _member(
        "chloe.benoit@passerelles.test",
        "Chloé Benoit",
        "NL",
        "music",
        bio="Violoniste de la péninsule de Port-au-Port.",
    ),
]

# "joiners": (email, province, discipline, organization or "", shows their name).
NEEDS = [
    {
        "author": "elise.cormier@passerelles.test",
        "title": "Un atelier abordable et bien ventilé à Moncton",
        "description": "Nous sommes trois artistes en arts visuels à travailler dans un garage "
        "mal chauffé. Un atelier partagé, avec une bonne ventilation pour la peinture et la "
        "gravure, nous permettrait de produire toute l'année.",
        "category": "spaces", "province": "NB", "urgency": "high",
        "disciplines": ["visual-arts", "crafts"], "months_ago": 7, "show_name": True,
        "joiners": [
            ("artiste@passerelles.test", "NB", "music", "", False),
            ("josee.gallant@passerelles.test", "PE", "theatre", "Troupe de l'Île", True),
            ("manon.levesque@passerelles.test", "QC", "crafts", "", False),
        ],
    },
    {
        "author": "remi.thibodeau@passerelles.test",
        "title": "Partager un camion et du matériel de scène entre festivals",
        "description": "Chaque été, les festivals de la Nouvelle-Écosse et de l'Île louent "
        "séparément camion, scène mobile et éclairage. En coordonnant nos dates, nous "
        "pourrions acheter ou louer ensemble et diviser les coûts.",
        "category": "equipment", "province": "NS", "urgency": "medium",
        "disciplines": ["music", "theatre"], "months_ago": 6,
        "on_behalf": "organization", "organization_name": "Festival de la Baie",
        "joiners": [
            ("josee.gallant@passerelles.test", "PE", "theatre", "Troupe de l'Île", False),
            ("chloe.benoit@passerelles.test", "NL", "music", "", False),
            ("artiste@passerelles.test", "NB", "music", "", False),
        ],
    },
    {
        "author": "theo.lavallee@passerelles.test",
        "title": "Une personne à la comptabilité partagée entre petits organismes de l'Ouest",
        "description": "Nos collectifs n'ont pas les moyens d'une personne à temps plein pour "
        "la comptabilité et les rapports aux bailleurs de fonds. Une ressource partagée à "
        "quelques jours par mois réglerait bien des nuits blanches.",
        "category": "human-resources", "province": "MB", "urgency": "high",
        "disciplines": [], "months_ago": 5,
        "on_behalf": "organization", "organization_name": "Collectif Haut-Vol",
        "joiners": [
            ("annie.bergeron@passerelles.test", "SK", "literature", "", False),
            ("lucas.fournier@passerelles.test", "AB", "film", "Productions Chinook", True),
            ("genevieve.roy@passerelles.test", "BC", "dance", "", False),
            ("artiste.mb@passerelles.test", "MB", "visual-arts", "", False),
        ],
    },
    {
        "author": "karim.benali@passerelles.test",
        "title": "Être trouvé en ligne : décrire nos œuvres numériques",
        "description": "Nos œuvres n'apparaissent pas dans les moteurs de recherche ni sur les "
        "plateformes. Il nous faudrait de l'aide pour rédiger des métadonnées et choisir où "
        "déposer nos œuvres.",
        "category": "discoverability", "province": "ON", "urgency": "medium",
        "disciplines": ["media-arts", "film"], "months_ago": 4,
        "joiners": [
            ("artiste.mb@passerelles.test", "MB", "media-arts", "", True),
            ("lucas.fournier@passerelles.test", "AB", "film", "Productions Chinook", False),
        ],
        "met_by": "Atelier sur les métadonnées de vos œuvres",
    },
    {
        "author": "hugo.dumas@passerelles.test",
        "title": "Numériser une petite collection sans équipe technique",
        "description": "Notre musée conserve des photographies et des archives de la présence "
        "francophone au Yukon. Nous cherchons un numériseur, des conseils et quelqu'un pour "
        "nous montrer comment publier la collection en ligne.",
        "category": "technology", "province": "YT", "urgency": "low",
        "disciplines": ["heritage"], "months_ago": 3,
        "on_behalf": "organization", "organization_name": "Musée du Klondike francophone",
        "joiners": [
            ("ines.moreau@passerelles.test", "NT", "multidisciplinary", "", False),
        ],
    },
    {
        "author": "annie.bergeron@passerelles.test",
        "title": "Des conseils juridiques sur les contrats d'édition",
        "description": "Je signe mon premier contrat avec une maison d'édition et je ne sais "
        "pas quelles clauses négocier. Une clinique juridique accessible aux artistes hors "
        "Québec serait précieuse.",
        "category": "legal", "province": "SK", "urgency": "high",
        "disciplines": ["literature"], "months_ago": 2,
        "joiners": [
            ("chloe.benoit@passerelles.test", "NL", "music", "", False),
            ("genevieve.roy@passerelles.test", "BC", "dance", "", False),
        ],
    },
    {
        "author": "ines.moreau@passerelles.test",
        "title": "Faire venir des spectacles francophones dans le Nord",
        "description": "Les tournées s'arrêtent rarement à Yellowknife : les frais de "
        "transport sont trop lourds pour un seul diffuseur. Un circuit partagé avec d'autres "
        "communautés du Nord et de l'Ouest ferait la différence.",
        "category": "distribution", "province": "NT", "urgency": "medium",
        "disciplines": ["multidisciplinary", "music", "theatre"], "months_ago": 2,
        "joiners": [
            ("hugo.dumas@passerelles.test", "YT", "heritage", "", False),
            ("remi.thibodeau@passerelles.test", "NS", "music", "Festival de la Baie", False),
            ("theo.lavallee@passerelles.test", "MB", "circus", "Collectif Haut-Vol", False),
        ],
    },
    {
        "author": "manon.levesque@passerelles.test",
        "title": "Une boutique en ligne commune pour les métiers d'art",
        "description": "Vendre en ligne seule coûte cher en commissions et en temps. Une "
        "boutique partagée, avec la livraison et le service à la clientèle mis en commun, "
        "aiderait les artisanes et artisans de plusieurs régions.",
        "category": "marketing", "province": "QC", "urgency": "low",
        "disciplines": ["crafts", "visual-arts"], "months_ago": 1,
        "joiners": [
            ("elise.cormier@passerelles.test", "NB", "visual-arts", "", False),
        ],
    },
    {
        "author": "membre@passerelles.test",
        "title": "Tenir notre comptabilité sans y passer nos soirées",
        "description": "Notre compagnie de théâtre fait sa comptabilité avec des bénévoles. "
        "Nous cherchons un service partagé de tenue de livres et d'états financiers.",
        "category": "management", "province": "QC", "urgency": "medium",
        "disciplines": ["theatre"], "months_ago": 8,
        "on_behalf": "organization", "organization_name": "Théâtre du Bas-du-Fleuve",
        "joiners": [
            ("josee.gallant@passerelles.test", "PE", "theatre", "Troupe de l'Île", False),
        ],
        "met_by": "Comptabilité partagée pour petits organismes",
    },
    {
        "author": "genevieve.roy@passerelles.test",
        "title": "Un studio de danse à partager à Vancouver",
        "description": "Les studios coûtent très cher et se réservent des mois à l'avance. "
        "Quelques compagnies francophones pourraient louer ensemble un studio à l'année.",
        "category": "spaces", "province": "BC", "urgency": "medium",
        "disciplines": ["dance"], "months_ago": 1,
        "joiners": [
            ("lucas.fournier@passerelles.test", "AB", "film", "", False),
        ],
    },
    {
        "author": "chloe.benoit@passerelles.test",
        "title": "Se former aux demandes de subvention",
        "description": "Je remplis mes demandes de bourse seule et je me décourage. Une "
        "formation pratique, en ligne et en français, avec un accompagnement pour relire les "
        "demandes, m'aiderait beaucoup.",
        "category": "training", "province": "NL", "urgency": "medium",
        "disciplines": [], "months_ago": 0,
        "joiners": [
            ("annie.bergeron@passerelles.test", "SK", "literature", "", False),
            ("karim.benali@passerelles.test", "ON", "media-arts", "", False),
        ],
    },
]  # fmt: skip

# Accepted requests whose members said whether the service met their need, for the portrait's
# satisfaction: (service title, [(member email, answer)]).
ANSWERED_AGO = timedelta(days=40)
FEEDBACK = [
    (
        "Comptabilité partagée pour petits organismes",
        [
            ("josee.gallant@passerelles.test", ServiceFeedback.Answer.YES),
            ("theo.lavallee@passerelles.test", ServiceFeedback.Answer.YES),
            ("annie.bergeron@passerelles.test", ServiceFeedback.Answer.PARTLY),
        ],
    ),
    (
        "Atelier sur les métadonnées de vos œuvres",
        [
            ("karim.benali@passerelles.test", ServiceFeedback.Answer.YES),
            ("lucas.fournier@passerelles.test", ServiceFeedback.Answer.PARTLY),
            ("artiste.mb@passerelles.test", ServiceFeedback.Answer.NO),
            ("ines.moreau@passerelles.test", ServiceFeedback.Answer.YES),
        ],
    ),
]


def _move_back(need, months_ago):
    """Spread the demo over the past months, as it would have grown."""
    when = timezone.now() - timedelta(days=30 * months_ago)
    Need.objects.filter(pk=need.pk).update(created_at=when)
    for index, support in enumerate(NeedSupport.objects.filter(need=need).order_by("pk")):
        joined = min(when + timedelta(days=9 * index), timezone.now())
        NeedSupport.objects.filter(pk=support.pk).update(created_at=joined)


def _seed_need(spec, members, admin):
    author = members.get(spec["author"])
    if author is None or Need.objects.filter(title=spec["title"]).exists():
        return False
    disciplines = list(Discipline.objects.filter(code__in=spec["disciplines"]))
    need = declare_need(
        author=author,
        data={
            "title": spec["title"],
            "description": spec["description"],
            "category": spec["category"],
            "province": spec["province"],
            "urgency": spec["urgency"],
            "on_behalf": spec.get("on_behalf", "self"),
            "organization_name": spec.get("organization_name", ""),
            "show_name": spec.get("show_name", False),
        },
        disciplines=disciplines,
    )
    for email, province, discipline, organization, shown in spec["joiners"]:
        member = members.get(email)
        if member is None:
            continue
        join_need(
            need,
            member=member,
            data={
                "province": province,
                "discipline": Discipline.objects.filter(code=discipline).first(),
                "on_behalf": "organization" if organization else "self",
                "organization_name": organization,
                "show_name": shown,
            },
        )
    _move_back(need, spec["months_ago"])
    service = Service.objects.published().filter(title=spec.get("met_by", "")).first()
    if service is not None and admin is not None:
        mark_need_met(need, actor=admin, service=service)
    return True


def _seed_feedback(members, admin):
    for title, answers in FEEDBACK:
        service = Service.objects.published().filter(title=title).first()
        if service is None:
            continue
        for email, answer in answers:
            member = members.get(email)
            if (
                member is None
                or AccessRequest.objects.filter(service=service, member=member).exists()
            ):
                continue
            access_request = create_access_request(
                service,
                member=member,
                data={
                    "on_behalf": "self",
                    "message": "Bonjour, ce service correspond à un besoin que j'ai déclaré sur "
                    "le portail. Est-il possible d'y avoir accès ?",
                },
            )
            change_request_status(access_request, actor=admin, new_status="accepted")
            feedback = ask_for_feedback(access_request)
            record_feedback(feedback, answer=answer)
            # Answered last month: the portrait counts answers once their month is over.
            ServiceFeedback.objects.filter(pk=feedback.pk).update(
                asked_at=timezone.now() - ANSWERED_AGO - timedelta(days=2),
                answered_at=timezone.now() - ANSWERED_AGO,
            )


@transaction.atomic
def seed_needs(stdout=None):
    seed_members(stdout, members=NEED_MEMBERS)
    emails = {ADMIN_EMAIL} | {spec["author"] for spec in NEEDS}
    emails |= {joiner[0] for spec in NEEDS for joiner in spec["joiners"]}
    emails |= {email for _title, answers in FEEDBACK for email, _answer in answers}
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    admin = members.get(ADMIN_EMAIL)
    created = sum(_seed_need(spec, members, admin) for spec in NEEDS)
    if admin is not None and admin.is_superuser:
        _seed_feedback(members, admin)
    if stdout:
        stdout.write(f"  needs: {created} created")
