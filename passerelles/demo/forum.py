"""Demo forum: three spaces (public, members-only, private) and their first conversations.

Development only. Spaces and their animators are created as an administrator would in Django
admin; members join and write through the same services as the site's forms
(communaute/services/forum.py), so the counters and positions are those of real use.
Idempotent: a space whose slug exists is left as it is, and its conversations are only ever
created together with it. A demo member who is missing is skipped, with the posts they wrote.
"""

import io
import zipfile
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from communaute.models import (
    Attachment,
    Member,
    Notification,
    Post,
    PostLink,
    Space,
    SpaceMembership,
    Topic,
)
from communaute.services.forum import create_topic, join_space, reply

# Demo conversations are spread over the last three months (each topic says how many days ago
# it started, its replies follow a few hours apart), so that the animators' dashboard, the
# weekly chart and "last activity" look like a community that has been living for a while.
REPLY_GAP = timedelta(hours=7)
MEMBER_SINCE = timedelta(days=100)
NEWCOMER_SINCE = timedelta(days=4)

ANIMATOR_EMAIL = "animation@passerelles.test"


def _pdf(*lines):
    """A one-page PDF of plain lines: enough for a demo document that any reader opens."""

    def literal(text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped}) '"

    stream = "\n".join(["BT /F1 12 Tf 72 740 Td 18 TL", *map(literal, lines), "ET"]).encode(
        "cp1252"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    document = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(document)


def _odt(*paragraphs):
    """An OpenDocument text with the given paragraphs (LibreOffice and Word open it)."""
    from xml.sax.saxutils import escape

    body = "".join(f"<text:p>{escape(paragraph)}</text:p>" for paragraph in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed: that is how readers recognise the format.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            "<office:document-content"
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>",
        )
    return buffer.getvalue()


def _route_map():
    """A sketch of a shared route, drawn here rather than taken from anywhere."""
    image = Image.new("RGB", (900, 420), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    stops = [(90, 300, "Moncton"), (330, 180, "Edmundston"), (560, 140, "Rivière-du-Loup"),
             (800, 90, "Rimouski")]  # fmt: skip
    draw.line([(x, y) for x, y, _name in stops], fill=(20, 80, 120), width=8)
    for x, y, name in stops:
        draw.ellipse((x - 14, y - 14, x + 14, y + 14), fill=(180, 40, 40))
        draw.text((x - 30, y + 22), name, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


DOCUMENTS = {
    "fiche-technique-type.pdf": lambda: _pdf(
        "Fiche technique type - une page",
        "",
        "Spectacle : titre, durée, nombre d'artistes sur scène",
        "Espace de jeu minimal : 6 m x 5 m, hauteur 3,5 m",
        "Son : deux micros, une console fournie par la salle",
        "Éclairage : plein feu chaud, un noir salle",
        "Montage : 3 h ; démontage : 1 h 30",
        "Contact technique : nom, téléphone, courriel",
    ),
    "trajet-moncton-rimouski.png": _route_map,
    "reperes-metadonnees.odt": lambda: _odt(
        "Repères pour décrire une exposition",
        "Titre, dates, lieu et artistes, écrits de la même façon partout.",
        "Une page à vous qui rassemble ces informations, que d'autres sites peuvent reprendre.",
        "Les mêmes noms d'un site à l'autre : le vôtre, celui du lieu, les calendriers.",
    ),
    "ebauche-offre-mutualisation.pdf": lambda: _pdf(
        "Offre de mutualisation - ébauche pour commentaires",
        "",
        "1. Billetterie partagée pour les petites salles",
        "2. Covoiturage de matériel entre les régions",
        "3. Accompagnement en métadonnées et découvrabilité",
        "",
        "À valider : ce qui existe déjà ailleurs, les besoins nommés, toutes les régions.",
    ),
}


def _document(name):
    return SimpleUploadedFile(name, DOCUMENTS[name]()) if name else None


# Each reply may quote an earlier post of its topic: "quote" is that post's index in the topic
# (0 is the opening post); "document" names a file of DOCUMENTS joined to the post.
SPACES = [
    {
        "name": "Diffusion et tournées",
        "slug": "diffusion-et-tournees",
        "visibility": Space.Visibility.PUBLIC,
        "description": "Dates de tournée, transport, salles et bons contacts : on s'entraide "
        "pour faire circuler les spectacles et les œuvres en Acadie, en Ontario, au Québec et "
        "dans l'Ouest.",
        "members": [
            "membre@passerelles.test",
            "artiste@passerelles.test",
            "artiste.mb@passerelles.test",
            "partenaire@passerelles.test",
        ],
        # Joined a few days ago and has not written yet: a newcomer to welcome.
        "newcomers": ["redaction@passerelles.test"],
        "topics": [
            {
                "pinned": True,
                "author": ANIMATOR_EMAIL,
                "days_ago": 84,
                "title": "Bienvenue ! Comment partager vos dates de tournée ici",
                "body": "Bonjour à toutes et à tous,\n\n"
                "Cet espace sert à **faire circuler l'information** entre celles et ceux qui "
                "partent en tournée. Pour que vos messages soient faciles à retrouver, "
                "indiquez si possible :\n\n"
                "- les villes et les dates prévues ;\n"
                "- ce que vous cherchez (salle, hébergement, covoiturage, première partie) ;\n"
                "- ce que vous pouvez offrir en retour.\n\n"
                "Pas besoin d'un message parfait : une question simple ouvre souvent les "
                "meilleures conversations. Au plaisir de vous lire !",
                "replies": [
                    {
                        "author": "membre@passerelles.test",
                        "body": "Merci Amina ! Je commence : le Théâtre du Bas-du-Fleuve "
                        "prépare une petite tournée au printemps, de Rimouski vers la "
                        "Gaspésie puis le Nouveau-Brunswick. Je donnerai les détails dans "
                        "un sujet à part dès que le calendrier sera fixé.",
                    },
                    {
                        "author": "artiste@passerelles.test",
                        "body": "Belle idée, cet espace. Dans les Maritimes, on se refile "
                        "souvent les bons plans de bouche à oreille ; ce serait bien de les "
                        "écrire quelque part pour les personnes qui arrivent dans le milieu.",
                    },
                    {
                        "author": "artiste.mb@passerelles.test",
                        "body": "Bonjour de Saint-Boniface ! N'oubliez pas l'Ouest dans vos "
                        "trajets : les publics francophones du Manitoba sont curieux et "
                        "fidèles. Je peux répondre aux questions sur les lieux d'exposition "
                        "d'ici.",
                    },
                ],
            },
            {
                "author": "artiste@passerelles.test",
                "days_ago": 40,
                "title": "Covoiturer le matériel entre Moncton et Rimouski cet automne ?",
                "body": "Salut tout le monde,\n\n"
                "Je joue à Moncton à la fin d'octobre, puis à Rimouski la semaine suivante. "
                "J'ai une camionnette avec **de la place pour du matériel** (amplis, "
                "éclairage léger, décor qui se démonte). Si une compagnie fait le même trajet, "
                "on pourrait partager l'essence et la route. Qui est partant ? Le trajet "
                "prévu est en image ci-dessous.",
                "document": "trajet-moncton-rimouski.png",
                "replies": [
                    {
                        "author": "membre@passerelles.test",
                        "body": "Oh, ça tombe bien ! Nous revenons de Moncton à ce moment-là "
                        "avec trois caisses de décor. On peut s'écrire en privé pour les "
                        "dates exactes ?",
                    },
                    {
                        "author": "partenaire@passerelles.test",
                        "body": "C'est exactement le genre de besoin qu'on aimerait mieux "
                        "outiller dans l'offre de mutualisation : un calendrier partagé des "
                        "trajets. En attendant, n'hésitez pas à déclarer ce besoin dans la "
                        "section des besoins du portail, pour qu'on voie combien de gens "
                        "sont concernés.",
                    },
                    {
                        "author": "artiste@passerelles.test",
                        "body": "Parfait Sophie, je t'écris ce soir. Et bonne idée Julien, "
                        "je déclare le besoin tout de suite.",
                    },
                    {
                        "author": "membre@passerelles.test",
                        "body": "Petite mise à jour pour les curieux : c'est réglé, on "
                        "partage la route ! Merci à cet espace.",
                    },
                ],
            },
            {
                "author": "membre@passerelles.test",
                "days_ago": 70,
                "title": "Salles de 100 à 200 places dans l'Est ontarien : vos adresses ?",
                "body": "Bonjour,\n\n"
                "Nous aimerions présenter notre pièce en Ontario l'an prochain. Nous "
                "cherchons des salles **de 100 à 200 places**, avec une régie simple, entre "
                "Ottawa et Cornwall. Vos expériences, bonnes ou moins bonnes, sont les "
                "bienvenues !",
                "replies": [
                    {
                        "author": ANIMATOR_EMAIL,
                        "body": "Bonjour Sophie ! Je suis plutôt du côté de Sudbury, mais "
                        "je sais que plusieurs centres culturels francophones de l'Est "
                        "accueillent du théâtre de cette taille. Le plus simple est souvent "
                        "de les contacter un an à l'avance, au moment où ils bâtissent leur "
                        "saison.",
                    },
                    {
                        "author": "partenaire@passerelles.test",
                        "body": "Un conseil venu de l'Acadie : proposez une activité avec "
                        "les écoles en plus de la représentation. Les diffuseurs apprécient "
                        "beaucoup, et ça aide à remplir la salle.",
                    },
                    {
                        "author": "artiste.mb@passerelles.test",
                        "body": "Je rajoute une fiche technique d'une page à chaque envoi : "
                        "les petites salles n'ont pas toujours le temps de lire un long "
                        "dossier, et ça évite les mauvaises surprises le jour du montage. "
                        "Voici mon modèle, servez-vous.",
                        "document": "fiche-technique-type.pdf",
                    },
                ],
            },
            {
                # Still waiting for a first answer: the animators' dashboard shows it.
                "author": "artiste@passerelles.test",
                "days_ago": 3,
                "title": "Une première partie pour deux dates à Edmundston en février ?",
                "body": "Bonjour,\n\n"
                "Je joue deux soirs à Edmundston à la mi-février et la salle aimerait une "
                "**première partie de vingt minutes**, idéalement une voix de la région. "
                "Le cachet est modeste mais le public est chaleureux. Si ça vous tente, ou si "
                "vous connaissez quelqu'un, écrivez-moi ici !",
                "replies": [],
            },
        ],
    },
    {
        "name": "Outils numériques et découvrabilité",
        "slug": "outils-numeriques",
        "visibility": Space.Visibility.MEMBERS,
        "description": "Métadonnées, logiciels de billetterie, présence en ligne : on partage "
        "ce qui marche (et ce qui ne marche pas) pour que nos œuvres soient trouvées.",
        "members": [
            "membre@passerelles.test",
            "artiste@passerelles.test",
            "artiste.mb@passerelles.test",
            "partenaire@passerelles.test",
            "redaction@passerelles.test",
        ],
        "topics": [
            {
                "author": "artiste.mb@passerelles.test",
                "days_ago": 50,
                "title": "Métadonnées : par où commencer pour une exposition ?",
                "body": "Bonjour,\n\n"
                "On entend beaucoup parler de **métadonnées** pour être découvert en ligne, "
                "mais je ne sais pas par où commencer pour ma prochaine exposition. Quelles "
                "informations faut-il décrire, et où les mettre ?",
                "replies": [
                    {
                        "author": "redaction@passerelles.test",
                        "body": "Bonne question, Nadia ! Pour commencer, trois choses "
                        "suffisent :\n\n"
                        "1. décrire l'événement de la même façon partout (titre, dates, "
                        "lieu, artistes) ;\n"
                        "2. utiliser les mêmes noms d'un site à l'autre ;\n"
                        "3. mettre ces informations sur une page à vous, que les autres "
                        "sites peuvent reprendre.\n\n"
                        "J'ai mis ces repères dans un document à modifier à votre goût "
                        "(joint). Pour le vocabulaire, l'article de Wikipédia est un bon "
                        "point de départ : https://fr.wikipedia.org/wiki/Métadonnée",
                        "document": "reperes-metadonnees.odt",
                    },
                    {
                        "author": "membre@passerelles.test",
                        "body": "Merci pour la fiche ! Pour le théâtre, j'ajoute toujours la "
                        "durée et l'âge conseillé : ce sont les premières questions du "
                        "public.",
                    },
                    {
                        "author": "partenaire@passerelles.test",
                        "quote": 1,
                        "body": "Je rejoins Maude sur le deuxième point : c'est souvent là "
                        "que ça coince. Un nom d'artiste écrit de trois façons, et les "
                        "moteurs de recherche croient qu'il s'agit de trois personnes.",
                    },
                    {
                        "author": "artiste.mb@passerelles.test",
                        "body": "C'est beaucoup plus clair, merci à vous trois. Je "
                        "commence par harmoniser mon nom partout, ça au moins je peux le "
                        "faire cette semaine !",
                    },
                ],
            },
            {
                "author": "membre@passerelles.test",
                "days_ago": 20,
                "title": "Quel logiciel de billetterie pour une petite compagnie ?",
                "body": "Allô,\n\n"
                "Nous vendons encore nos billets par courriel et virement, et ça devient "
                "lourd. Quel logiciel de billetterie utilisez-vous ? Nos critères : "
                "**frais raisonnables**, en français, et simple pour les bénévoles.",
                "replies": [
                    {
                        "author": "artiste@passerelles.test",
                        "body": "J'utilise une billetterie en ligne gratuite pour les "
                        "petits spectacles : elle prend un pourcentage par billet. Pratique, "
                        "mais l'interface n'est qu'à moitié traduite.",
                    },
                    {
                        "author": ANIMATOR_EMAIL,
                        "body": "Plusieurs membres posent la même question. Ce serait un bon "
                        "candidat pour une ressource mutualisée : une licence partagée entre "
                        "plusieurs compagnies coûterait moins cher à chacune. Je le note pour "
                        "le cercle des partenaires.",
                    },
                    {
                        "author": "membre@passerelles.test",
                        "body": "Ce serait formidable. En attendant, je vais tester la "
                        "solution de Marc-André pour notre prochain spectacle et je vous "
                        "raconte.",
                    },
                ],
            },
            {
                "locked": True,
                "author": ANIMATOR_EMAIL,
                "days_ago": 9,
                "title": "Atelier en ligne sur le référencement : vos questions d'avant",
                "body": "Bonjour,\n\n"
                "Un atelier en ligne sur le référencement de vos pages s'en vient. Posez "
                "ici vos questions à l'avance : l'animatrice de l'atelier s'en servira pour "
                "préparer des exemples concrets.",
                "replies": [
                    {
                        "author": "redaction@passerelles.test",
                        "body": "Comment bien rédiger la description d'un article pour "
                        "qu'elle apparaisse dans les résultats de recherche ?",
                    },
                    {
                        "author": "artiste.mb@passerelles.test",
                        "body": "Est-ce que le texte alternatif des images aide aussi à "
                        "être trouvé ? Je le fais déjà pour l'accessibilité.",
                    },
                    {
                        "author": ANIMATOR_EMAIL,
                        "body": "L'atelier a eu lieu : merci pour vos questions, elles ont "
                        "toutes été abordées ! Je verrouille ce sujet. Pour continuer la "
                        "discussion, ouvrez un nouveau sujet dans cet espace.",
                    },
                ],
            },
        ],
    },
    {
        "name": "Cercle des partenaires",
        "slug": "cercle-des-partenaires",
        "visibility": Space.Visibility.PRIVATE,
        "description": "L'espace de travail des organisations partenaires pour coordonner "
        "l'offre de mutualisation de ressources.",
        "members": [
            "partenaire@passerelles.test",
            "redaction@passerelles.test",
        ],
        "topics": [
            {
                "author": "partenaire@passerelles.test",
                "days_ago": 30,
                "title": "Ébauche de l'offre de mutualisation : première ronde de commentaires",
                "body": "Bonjour à toutes et à tous,\n\n"
                "Voici une première ébauche de l'offre de mutualisation. Avant d'aller plus "
                "loin, je vous propose de vérifier trois choses :\n\n"
                "- que nous ne refaisons pas ce qui existe déjà ailleurs ;\n"
                "- que chaque service répond à un **besoin nommé** par les membres ;\n"
                "- que l'offre tient compte de toutes les régions de la francophonie "
                "canadienne.\n\n"
                "Vos commentaires d'ici la fin du mois seraient précieux. L'ébauche est "
                "jointe.",
                "document": "ebauche-offre-mutualisation.pdf",
                "replies": [
                    {
                        "author": "redaction@passerelles.test",
                        "body": "Merci Julien. Côté veille, j'ai repéré deux initiatives "
                        "proches de notre idée de billetterie partagée. Je les ajoute à la "
                        "liste des initiatives existantes pour qu'on les regarde ensemble.",
                    },
                    {
                        "author": ANIMATOR_EMAIL,
                        "body": "Dans les espaces publics, les besoins qui reviennent le plus "
                        "sont le covoiturage de matériel et la billetterie. Je vous ferai un "
                        "court résumé des conversations avant notre prochaine rencontre.",
                    },
                    {
                        "author": "partenaire@passerelles.test",
                        "body": "Excellent, merci à vous deux. On se garde un point à "
                        "l'ordre du jour pour décider des deux premiers services à lancer.",
                    },
                ],
            },
            {
                "author": "redaction@passerelles.test",
                "days_ago": 12,
                "title": "Calendrier des publications de l'automne",
                "body": "Bonjour,\n\n"
                "Pour que le portail vive régulièrement, je propose **une publication "
                "toutes les deux semaines** : une réflexion, puis une mise à jour sur "
                "l'avancement, en alternance. Qui veut prendre les premières dates ?",
                "replies": [
                    {
                        "author": "partenaire@passerelles.test",
                        "body": "Je prends la première mise à jour : un retour sur les "
                        "besoins exprimés par les artistes de l'Acadie.",
                    },
                    {
                        "author": ANIMATOR_EMAIL,
                        "body": "Je peux écrire une réflexion sur l'animation d'une "
                        "communauté de pratique à distance. Je t'envoie un plan la semaine "
                        "prochaine, Maude.",
                    },
                ],
            },
        ],
    },
]


def _seed_space(spec, members):
    """Create one space, its memberships and its conversations; return (topics, posts)."""
    space = Space.objects.create(
        name=spec["name"],
        slug=spec["slug"],
        description=spec["description"],
        visibility=spec["visibility"],
    )
    animator = members.get(ANIMATOR_EMAIL)
    if animator is not None:
        SpaceMembership.objects.create(
            space=space, member=animator, role=SpaceMembership.Role.ANIMATOR
        )
    for email in [*spec["members"], *spec.get("newcomers", [])]:
        member = members.get(email)
        if member is None:
            continue
        if space.visibility == Space.Visibility.PRIVATE:
            # join_space would only file a request for the animators: an administrator
            # sets up the partners' circle directly.
            SpaceMembership.objects.create(space=space, member=member)
        else:
            join_space(space, member=member)

    topics = posts = 0
    for topic_spec in spec["topics"]:
        author = members.get(topic_spec["author"])
        if author is None:
            continue
        topic, first_post = create_topic(
            space,
            author=author,
            title=topic_spec["title"],
            body=topic_spec["body"],
            attachment=_document(topic_spec.get("document")),
        )
        topics += 1
        posts += 1
        written = [first_post]
        for reply_spec in topic_spec["replies"]:
            reply_author = members.get(reply_spec["author"])
            if reply_author is None:
                written.append(None)
                continue
            quote = reply_spec.get("quote")
            reply_to = written[quote] if quote is not None else None
            written.append(
                reply(
                    topic,
                    author=reply_author,
                    body=reply_spec["body"],
                    reply_to=reply_to,
                    attachment=_document(reply_spec.get("document")),
                )
            )
            posts += 1
        # Animators' gestures, once the conversation has taken place.
        if topic_spec.get("pinned"):
            topic.is_pinned = True
            topic.save(update_fields=["is_pinned"])
        if topic_spec.get("locked"):
            topic.is_locked = True
            topic.save(update_fields=["is_locked"])
        _date_conversation(topic, [post for post in written if post], topic_spec["days_ago"])
    _date_space(space, spec.get("newcomers", []))
    return topics, posts


def _date_conversation(topic, posts, days_ago):
    """Move a conversation written just now back to when the demo says it took place, with
    what points at its posts (files, links, the notifications they caused)."""
    start = timezone.now() - timedelta(days=days_ago)
    for index, post in enumerate(posts):
        moment = start + index * REPLY_GAP
        Post.objects.filter(pk=post.pk).update(created_at=moment)
        Attachment.objects.filter(post=post).update(created_at=moment)
        PostLink.objects.filter(post=post).update(created_at=moment)
        permalink = reverse("communaute:post", kwargs={"pk": post.pk})
        Notification.objects.filter(url=permalink).update(created_at=moment)
    Topic.objects.filter(pk=topic.pk).update(created_at=start, last_activity_at=moment)


def _date_space(space, newcomer_emails):
    now = timezone.now()
    space.memberships.exclude(member__email__in=newcomer_emails).update(
        joined_at=now - MEMBER_SINCE
    )
    space.memberships.filter(member__email__in=newcomer_emails).update(
        joined_at=now - NEWCOMER_SINCE
    )
    latest = space.topics.aggregate(latest=Max("last_activity_at"))["latest"]
    Space.objects.filter(pk=space.pk).update(created_at=now - MEMBER_SINCE, last_activity_at=latest)


def seed_forum(stdout=None):
    emails = {ANIMATOR_EMAIL}
    for spec in SPACES:
        emails.update(spec["members"], spec.get("newcomers", []))
        for topic_spec in spec["topics"]:
            emails.add(topic_spec["author"])
            emails.update(reply_spec["author"] for reply_spec in topic_spec["replies"])
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}

    spaces = topics = posts = 0
    for spec in SPACES:
        if Space.objects.filter(slug=spec["slug"]).exists():
            continue
        space_topics, space_posts = _seed_space(spec, members)
        spaces += 1
        topics += space_topics
        posts += space_posts
    if stdout:
        stdout.write(f"  forum: {spaces} spaces, {topics} topics, {posts} posts created")
