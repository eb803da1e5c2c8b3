"""Demo editorial content: the home page text and the four fixed pages, in French."""

from wagtail.models import Site
from wagtail.rich_text import RichText

from .models import FooterLinks, HomePage, StandardPage

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
