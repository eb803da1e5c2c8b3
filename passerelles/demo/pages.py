"""Demo editorial content: the home page text, the four fixed pages, publications, initiatives."""

import datetime

from wagtail.models import Site
from wagtail.rich_text import RichText

from passerelles.pages.models import FooterLinks, HomePage, StandardPage

HOME_INTRODUCTION = """
<h2>Une communauté de pratique pour mutualiser nos ressources</h2>
<p>Le numérique a bouleversé la création, la production et la diffusion culturelles. Les
intermédiaires d'hier disparaissent, les artistes doivent devenir entrepreneurs et la visibilité
en ligne décide de qui sera vu. Seuls, peu d'artistes et de petits organismes peuvent payer une
comptable, un conseiller juridique ou une spécialiste des métadonnées. Ensemble, c'est possible.</p>
<h2>Pourquoi mutualiser</h2>
<p>Après une veille stratégique, les partenaires du projet ont préféré la mutualisation des
ressources à la création d'une mutuelle : une formule plus souple, qui part des besoins réels et
de ce qui existe déjà, au Québec, en Acadie, en Ontario, dans l'Ouest et dans le Nord.</p>
<h2>Comment participer</h2>
<ul>
<li>Lisez les réflexions et les mises à jour publiées par les partenaires.</li>
<li>Créez votre compte pour prendre part aux conversations.</li>
<li>Trouvez un service mutualisé, ou dites-nous de quoi vous avez besoin.</li>
</ul>
"""


def _paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def _section(title, *texts):
    return [("heading", {"text": title, "level": "h2"}), *_paragraphs(*texts)]


FIXED_PAGES = {
    "about_page": {
        "slug": "a-propos",
        "title": "À propos",
        "introduction": "Passerelles Culture est né d'une question simple : comment le milieu "
        "culturel francophone peut-il partager ses ressources plutôt que de s'épuiser seul ?",
        "body": [
            *_section(
                "D'où vient le projet",
                "En 2018, Culture pour tous a réuni des actrices et des acteurs culturels pour "
                "chercher ensemble des réponses au financement du numérique en culture. Ce "
                "chantier exploratoire a fait ressortir des besoins, des pratiques nouvelles et "
                "un plan d'action en innovation financière.",
                "L'idée d'une mutuelle est d'abord apparue prioritaire. Une veille stratégique a "
                "ensuite comparé la mutuelle, forme juridique précise et contraignante, à la "
                "mutualisation de ressources, plus agile. Les partenaires ont choisi la seconde.",
            ),
            *_section(
                "Nos quatre principes",
                "Faire le point sur ce qui se fait déjà, pour ne pas le refaire. Nommer les "
                "besoins réels des artistes et des organismes. Penser francophonie canadienne, "
                "du Québec à l'Acadie, de l'Ontario à l'Ouest et au Nord. Mettre le numérique au "
                "service des capacités réelles des personnes qui participent.",
            ),
            *_section(
                "Les partenaires",
                "Culture pour tous, le Chantier de l'économie sociale, le TIESS, l'Association "
                "acadienne des artistes professionnel.le.s du Nouveau-Brunswick (AAAPNB), "
                "Compétence Culture, Québec numérique et le LLIO portent ensemble cette "
                "communauté de pratique.",
            ),
        ],
    },
    "code_of_conduct_page": {
        "slug": "charte",
        "title": "Charte de la communauté",
        "introduction": "Quelques règles communes pour que chaque personne se sente à l'aise "
        "de poser une question, de partager une ressource ou d'exprimer un désaccord.",
        "body": [
            *_section(
                "Le respect d'abord",
                "Nous débattons des idées, jamais des personnes. Les propos haineux, le "
                "harcèlement, les attaques personnelles et la discrimination n'ont pas leur place "
                "ici, quelle qu'en soit la cible.",
            ),
            *_section(
                "Le français, avec ouverture",
                "Le portail vit d'abord en français, dans toutes ses variétés : québécoise, "
                "acadienne, franco-ontarienne, de l'Ouest et du Nord. Les personnes qui écrivent "
                "dans une autre langue sont aussi les bienvenues.",
            ),
            *_section(
                "Partager utilement",
                "Avant d'ouvrir un sujet, jetez un œil à ceux qui existent. Citez vos sources, "
                "respectez le droit d'auteur et ne publiez pas de renseignements personnels sur "
                "autrui. La publicité non sollicitée sera retirée.",
            ),
            *_section(
                "La modération",
                "L'équipe d'animation peut masquer un message, verrouiller un sujet ou suspendre "
                "un compte qui ne respecte pas cette charte. La personne concernée est toujours "
                "informée de la décision et de sa raison. Pour signaler un problème, utilisez le "
                "bouton « Signaler » sous le message.",
            ),
        ],
    },
    "privacy_page": {
        "slug": "confidentialite",
        "title": "Politique de confidentialité",
        "introduction": "Ce que le portail conserve à votre sujet, pourquoi, et comment "
        "exercer vos droits, conformément à la Loi 25 du Québec.",
        "body": [
            *_section(
                "Ce que nous recueillons",
                "Votre adresse courriel et votre mot de passe (chiffré) pour vous connecter. Les "
                "renseignements de profil que vous choisissez d'ajouter : nom affiché, "
                "disciplines, province, organisation, présentation, photo et site web. Les "
                "contenus que vous publiez et les demandes que vous envoyez.",
            ),
            *_section(
                "Confidentialité par défaut",
                "Votre profil n'est visible que par les membres connectés. Vous n'apparaissez "
                "dans le répertoire des membres que si vous l'activez dans votre profil. Le "
                "portail n'utilise aucun outil de mesure d'audience ni aucun traceur d'un tiers, "
                "et ne charge aucun fichier d'un autre site. Le seul témoin (cookie) déposé sert "
                "à garder votre session ouverte.",
            ),
            *_section(
                "Vos droits",
                "Depuis les paramètres de votre compte, vous pouvez en tout temps corriger votre "
                "profil, télécharger toutes vos données dans un fichier lisible, et supprimer "
                "votre compte. Les messages que vous avez écrits dans les espaces partagés "
                "restent alors en place, attribués à « Membre supprimé », pour que les "
                "conversations gardent leur sens.",
            ),
            *_section(
                "Nous joindre",
                "Pour toute question sur vos renseignements personnels, écrivez à la personne "
                "responsable de la protection des renseignements personnels du portail, à "
                "l'adresse indiquée dans la page À propos.",
            ),
        ],
    },
    "accessibility_page": {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "introduction": "Le portail vise la conformité aux Règles pour l'accessibilité des "
        "contenus Web (WCAG) 2.2, niveau AA.",
        "body": [
            *_section(
                "Ce que nous faisons",
                "Les pages sont construites en HTML sémantique, fonctionnent sans JavaScript, "
                "se naviguent au clavier avec un focus toujours visible et respectent le réglage "
                "« réduire les animations » de votre appareil. Elles restent légères pour les "
                "connexions modestes et les appareils plus anciens.",
                "Chaque version du portail passe des tests automatiques d'accessibilité (axe-core) "
                "sur ses pages principales, en français et en anglais.",
            ),
            *_section(
                "Nous signaler un obstacle",
                "Si une page vous pose problème, dites-le-nous : décrivez la page et ce que vous "
                "cherchiez à faire. Nous vous répondrons et corrigerons l'obstacle.",
            ),
        ],
    },
}


def seed_pages(stdout=None):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if isinstance(home, HomePage) and not home.introduction:
        home.introduction = HOME_INTRODUCTION.strip()
        home.save_revision().publish()

    links = FooterLinks.for_site(site)
    created = 0
    for setting_name, spec in FIXED_PAGES.items():
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                introduction=spec["introduction"],
                body=spec["body"],
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        if getattr(links, f"{setting_name}_id") is None:
            setattr(links, setting_name, page)
    links.save()
    if stdout:
        stdout.write(f"  fixed pages: {created} created")


ARTICLES = [
    {
        "slug": "pourquoi-mutualiser-plutot-que-creer-une-mutuelle",
        "title": "Pourquoi mutualiser plutôt que créer une mutuelle",
        "kind": "reflexion",
        "organization": "culture-pour-tous",
        "date": (2026, 9, 15),
        "tags": ["veille", "mutualisation"],
        "introduction": "La veille stratégique a comparé deux chemins. Voici ce qui a fait pencher "
        "la balance vers la mutualisation des ressources.",
        "body": [
            ("heading", {"text": "Deux formules, deux logiques", "level": "h2"}),
            (
                "paragraph",
                "<p>Une mutuelle est une forme juridique précise, avec ses obligations "
                "de capital et de gouvernance. La mutualisation de ressources, elle, "
                "peut commencer "
                "petit : une comptable partagée, un parc d'équipements, un outil commun.</p>",
            ),
            (
                "quote",
                {
                    "text": "On ne mutualise bien que ce qui répond à un besoin partagé.",
                    "attribution": "Une participante au chantier exploratoire",
                },
            ),
            (
                "paragraph",
                "<p>Nous avons retenu la voie la plus agile, celle qui part des besoins "
                "réels et s'appuie sur ce qui existe déjà.</p>",
            ),
        ],
    },
    {
        "slug": "nommer-les-vrais-besoins-du-milieu",
        "title": "Nommer les vrais besoins du milieu",
        "kind": "reflexion",
        "organization": "tiess",
        "date": (2026, 10, 2),
        "tags": ["besoins"],
        "introduction": "Avant de bâtir un service commun, il faut savoir à qui il servira. "
        "Quelques pistes pour recueillir les besoins sans épuiser les gens.",
        "body": [
            (
                "paragraph",
                "<p>Les sondages longs découragent. Nous misons sur des conversations "
                "courtes, région par région, et sur la possibilité de déclarer un besoin "
                "en ligne en "
                "deux minutes.</p>",
            ),
            (
                "link_card",
                {
                    "url": "https://fr.wikipedia.org/wiki/Économie_sociale",
                    "title": "L'économie sociale en bref",
                    "description": "Une introduction aux principes qui inspirent la mise "
                    "en commun de ressources.",
                    "source": "Wikipédia",
                },
            ),
        ],
    },
    {
        "slug": "lancement-du-portail-passerelles-culture",
        "title": "Lancement du portail Passerelles Culture",
        "kind": "mise-a-jour",
        "organization": "culture-pour-tous",
        "date": (2026, 11, 3),
        "tags": ["portail"],
        "introduction": "Le portail ouvre ses portes : un catalogue de services mutualisés, "
        "des espaces d'échange et des publications des partenaires.",
        "body": [
            (
                "paragraph",
                "<p>Cette première version rassemble les services que les partenaires "
                "offrent déjà. Créez votre compte pour demander l'accès à un service et suivre les "
                "publications.</p>",
            ),
        ],
    },
    {
        "slug": "tournee-partagee-en-acadie-premier-bilan",
        "title": "Tournée partagée en Acadie : premier bilan",
        "kind": "action-realisee",
        "organization": "aaapnb",
        "date": (2026, 8, 20),
        "tags": ["diffusion", "acadie"],
        "introduction": "Six diffuseurs ont coordonné leurs dates et partagé les frais de "
        "déplacement de trois spectacles. Ce que nous en retenons.",
        "body": [
            ("heading", {"text": "Ce qui a fonctionné", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>un calendrier commun dès le printemps ;</li><li>un seul "
                "contrat de transport pour toute la tournée.</li></ul>",
            ),
            ("heading", {"text": "À améliorer", "level": "h2"}),
            ("paragraph", "<p>La communication auprès des publics doit commencer plus tôt.</p>"),
        ],
    },
    {
        "slug": "metadonnees-un-atelier-dans-chaque-region",
        "title": "Métadonnées : un atelier dans chaque région",
        "kind": "action-en-cours",
        "organization": "quebec-numerique",
        "date": (2026, 11, 10),
        "tags": ["découvrabilité", "formation"],
        "introduction": "Nous préparons une série d'ateliers pour apprendre à décrire ses œuvres "
        "afin qu'elles soient trouvées en ligne.",
        "body": [
            (
                "paragraph",
                "<p>Les ateliers auront lieu en ligne et en personne, de l'hiver au "
                "printemps. Dites-nous dans quelle région vous aimeriez en accueillir un.</p>",
            ),
        ],
    },
]

INITIATIVES = [
    (
        "Coopérative de services administratifs pour artistes",
        "Une coopérative régionale",
        "QC",
        "Des services de tenue de livres et de paie partagés entre travailleurs autonomes.",
    ),
    (
        "Banque d'équipements scéniques",
        "Un regroupement de diffuseurs",
        "ON",
        "Un inventaire commun de matériel de scène prêté entre salles membres.",
    ),
    (
        "Répertoire des lieux de création",
        "Un réseau d'organismes",
        "NB",
        "Une carte des ateliers et salles de répétition ouverts aux artistes de passage.",
    ),
]


def seed_articles(stdout=None):
    from passerelles.pages.models import (
        ArticleIndexPage,
        ArticlePage,
        InitiativeIndexPage,
        InitiativePage,
    )
    from ressources.models import Organization

    index_page = ArticleIndexPage.objects.first()
    created = 0
    if index_page is not None:
        organizations = {
            organization.slug: organization for organization in Organization.objects.all()
        }
        for spec in ARTICLES:
            organization = organizations.get(spec["organization"])
            if organization is None or ArticlePage.objects.filter(slug=spec["slug"]).exists():
                continue
            body = [
                (kind, RichText(value) if kind == "paragraph" else value)
                for kind, value in spec["body"]
            ]
            article = ArticlePage(
                title=spec["title"],
                slug=spec["slug"],
                kind=spec["kind"],
                date=datetime.date(*spec["date"]),
                introduction=spec["introduction"],
                organization=organization,
                body=body,
            )
            index_page.add_child(instance=article)
            article.tags.add(*spec["tags"])
            article.save_revision().publish()
            created += 1
    watch = InitiativeIndexPage.objects.first()
    if watch is not None:
        for title, organization_name, region, description in INITIATIVES:
            if InitiativePage.objects.filter(title=title).exists():
                continue
            initiative = InitiativePage(
                title=title,
                organization_name=organization_name,
                region=region,
                description=description,
            )
            watch.add_child(instance=initiative)
            initiative.save_revision().publish()
    if stdout:
        stdout.write(f"  publications: {created} created")
