"""Demo resources: the partner organizations, their pooled services and a few access requests.

Development only. Organizations are created as an administrator would in Django admin; services,
representatives and requests go through the same services as the site's forms. Idempotent: an
organization or a service whose slug exists is left as it is, and a demo member who already has
access requests gets no new ones.
"""

from django.utils.text import slugify

from communaute.models import Member
from communaute.permissions.viewer import Viewer
from passerelles.core.models import Discipline, Region
from ressources.models import AccessRequest, Organization, Representative, Service
from ressources.permissions.catalogue import can_answer_request
from ressources.services.catalogue import (
    add_representative,
    archive_service,
    change_request_status,
    create_access_request,
    create_service,
    publish_service,
)

ADMIN_EMAIL = "admin@passerelles.test"

ORGANIZATIONS = [
    {
        "name": "Culture pour tous",
        "slug": "culture-pour-tous",
        "kind": Organization.Kind.NONPROFIT,
        "description": "Culture pour tous a réuni en 2018 des actrices et des acteurs culturels "
        "autour du financement du numérique en culture, ce qui a mené au projet de "
        "mutualisation. Elle coordonne la communauté de pratique, anime les échanges et relaie "
        "les besoins nommés par les membres auprès des partenaires.",
        "regions": ["QC", "remote"],
        "disciplines": ["multidisciplinary"],
    },
    {
        "name": "Chantier de l'économie sociale",
        "slug": "chantier-economie-sociale",
        "kind": Organization.Kind.NETWORK,
        "description": "Le Chantier de l'économie sociale apporte au projet son expérience des "
        "entreprises collectives. Il aide les organismes culturels à choisir une formule de "
        "mise en commun adaptée à leur taille et à leur milieu, et fait le lien avec les "
        "outils de l'économie sociale.",
        "regions": ["QC"],
        "disciplines": ["multidisciplinary"],
    },
    {
        "name": "TIESS",
        "slug": "tiess",
        "kind": Organization.Kind.NONPROFIT,
        "description": "Territoires innovants en économie sociale et solidaire (TIESS) documente "
        "les pratiques de mutualisation et aide à transférer ce qui fonctionne d'un milieu à "
        "l'autre. Dans le projet, il contribue à la veille sur les initiatives existantes et à "
        "l'analyse des besoins.",
        "regions": ["QC", "remote"],
        "disciplines": ["multidisciplinary"],
    },
    {
        "name": "AAAPNB",
        "slug": "aaapnb",
        "kind": Organization.Kind.NETWORK,
        "description": "L'Association acadienne des artistes professionnel.le.s du "
        "Nouveau-Brunswick (AAAPNB) porte la voix des artistes de l'Acadie dans le projet. "
        "Elle offre des services pensés pour des artistes qui travaillent en français hors "
        "Québec, souvent loin des grands centres, et partage ce qu'elle apprend avec le reste "
        "de la francophonie canadienne.",
        "regions": ["NB", "NS", "PE"],
        "disciplines": [
            "music",
            "theatre",
            "dance",
            "visual-arts",
            "literature",
            "film",
            "media-arts",
            "crafts",
        ],
    },
    {
        "name": "Compétence Culture",
        "slug": "competence-culture",
        "kind": Organization.Kind.NONPROFIT,
        "description": "Compétence Culture s'intéresse aux compétences des travailleuses et des "
        "travailleurs du milieu culturel. Dans le projet, elle propose des formations et des "
        "formules de ressources humaines partagées, pour que les petites équipes aient accès à "
        "des expertises qu'elles ne pourraient pas s'offrir seules.",
        "regions": ["QC", "remote"],
        "disciplines": ["multidisciplinary"],
    },
    {
        "name": "Québec numérique",
        "slug": "quebec-numerique",
        "kind": Organization.Kind.NONPROFIT,
        "description": "Québec numérique aide le projet à mettre les outils numériques au service "
        "des capacités réelles des personnes. Elle accompagne les artistes et les organismes "
        "dans l'usage des outils en ligne, de la diffusion à la découvrabilité.",
        "regions": ["QC", "remote"],
        "disciplines": ["media-arts", "multidisciplinary"],
    },
    {
        "name": "LLIO",
        "slug": "llio",
        "kind": Organization.Kind.NONPROFIT,
        "description": "Le LLIO, un laboratoire vivant en innovation ouverte, fait participer les "
        "personnes concernées à la conception des solutions. Dans le projet, il aide à tester "
        "des outils et des formules de mutualisation avec les artistes et les organismes "
        "avant de les offrir plus largement.",
        "regions": ["QC", "remote"],
        "disciplines": ["multidisciplinary"],
    },
]

# Demo members who speak for an organization (see passerelles.demo.members).
REPRESENTATIVES = [
    {
        "email": "partenaire@passerelles.test",
        "organization": "aaapnb",
        "role": Representative.Role.MANAGER,
        "shown_on_page": True,
    },
    {
        "email": "animation@passerelles.test",
        "organization": "culture-pour-tous",
        "role": Representative.Role.STAFF,
        "shown_on_page": False,
    },
]

# "status" is where the seed leaves the service: "published" (the default), "draft" or
# "archived". The service's slug comes from its title, as when a partner creates it.
SERVICES = [
    {
        "title": "Comptabilité partagée pour petits organismes",
        "summary": "Une équipe comptable partagée tient vos livres, prépare vos états financiers "
        "et vos rapports aux bailleurs de fonds.",
        "description": """Les petits organismes culturels n'ont souvent ni le budget ni le volume
de travail pour embaucher une personne en comptabilité. En mettant ce besoin en commun, chaque
organisme paie seulement les heures dont il a besoin.

- tenue de livres mensuelle et conciliations bancaires;
- préparation des états financiers de fin d'année;
- rapports financiers pour les demandes de subvention;
- conseils ponctuels sur la gestion budgétaire.""",
        "category": "management",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.ONLINE,
        "cost_model": Service.CostModel.MEMBER_RATE,
        "price_note": "25,00 $ de l'heure",
        "capacity_note": "Une quinzaine d'organismes à la fois",
        "eligibility_note": "Organismes culturels à but non lucratif dont le budget annuel est "
        "inférieur à 500 000 $.",
        "how_to_access": "Envoyez une demande d'accès en précisant la taille de votre organisme "
        "et le logiciel comptable que vous utilisez. Une première rencontre sans frais permet "
        "d'estimer le nombre d'heures.",
        "organizations": ["culture-pour-tous", "chantier-economie-sociale"],
        "regions": ["QC", "remote"],
        "disciplines": [],
    },
    {
        "title": "Clinique juridique : contrats et droit d'auteur",
        "summary": "Des rencontres individuelles pour faire relire un contrat ou comprendre vos "
        "droits sur une œuvre.",
        "description": """Un contrat de diffusion, une entente de coproduction ou une licence
d'utilisation se signent vite et se regrettent longtemps. La clinique offre un premier avis
juridique, en français, aux artistes de l'Atlantique.

- relecture d'un contrat avant la signature;
- explication de vos droits d'auteur et de vos droits voisins;
- repères pour négocier une cession ou une licence;
- orientation vers un cabinet si votre situation le demande.""",
        "category": "legal",
        "audience": Service.Audience.ARTISTS,
        "delivery": Service.Delivery.HYBRID,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.FREE,
        "availability": Service.Availability.WAITING_LIST,
        "capacity_note": "Huit rencontres par mois",
        "eligibility_note": "Artistes professionnels qui vivent en Acadie (Nouveau-Brunswick, "
        "Nouvelle-Écosse, Île-du-Prince-Édouard).",
        "how_to_access": "Envoyez une demande d'accès en décrivant brièvement votre situation. "
        "Vous serez inscrit à la liste d'attente et joint dès qu'une plage se libère.",
        "organizations": ["aaapnb"],
        "regions": ["NB", "NS", "PE"],
        "disciplines": [],
    },
    {
        "title": "Accompagnement en marketing numérique",
        "summary": "Six séances en petit groupe pour bâtir un plan de communication en ligne "
        "réaliste, à la mesure de votre équipe.",
        "description": """Publier partout, tout le temps, n'est pas une stratégie. Cet
accompagnement aide à choisir les bons canaux et à planifier ce que votre équipe peut vraiment
soutenir.

- portrait de vos publics et de vos canaux actuels;
- calendrier de publication simple;
- infolettre et réseaux sociaux : ce qui vaut l'effort;
- mesure des résultats sans outil payant.""",
        "category": "marketing",
        "audience": Service.Audience.BOTH,
        "delivery": Service.Delivery.ONLINE,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.COST_SHARING,
        "price_note": "150,00 $ par participant pour les six séances",
        "capacity_note": "Groupes de dix personnes",
        "eligibility_note": "Artistes et organismes qui ont déjà une présence en ligne, même "
        "modeste.",
        "how_to_access": "Envoyez une demande d'accès; une nouvelle cohorte commence chaque "
        "saison.",
        "organizations": ["quebec-numerique"],
        "regions": ["QC", "ON", "remote"],
        "disciplines": [],
    },
    {
        "title": "Atelier sur les métadonnées de vos œuvres",
        "summary": "Apprenez à décrire vos œuvres pour qu'elles soient trouvées sur les "
        "plateformes et dans les moteurs de recherche.",
        "description": """Une œuvre bien décrite a plus de chances d'être recommandée. Cet
atelier explique, exemples à l'appui, quelles informations fournir et où les inscrire.

- ce que sont les métadonnées et pourquoi elles comptent;
- les champs essentiels pour la musique, le livre et l'audiovisuel;
- les identifiants à obtenir et à conserver;
- une grille pour vérifier vos fiches existantes.""",
        "category": "discoverability",
        "audience": Service.Audience.BOTH,
        "delivery": Service.Delivery.ONLINE,
        "in_english": True,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.FREE,
        "eligibility_note": "Ouvert à tous les membres du portail.",
        "how_to_access": "Envoyez une demande d'accès pour recevoir les dates des prochains "
        "ateliers. L'atelier peut aussi être offert en anglais à un groupe qui le demande.",
        "organizations": ["culture-pour-tous", "quebec-numerique"],
        "regions": ["remote"],
        "disciplines": ["music", "literature", "film"],
    },
    {
        "title": "Billetterie en ligne mutualisée",
        "summary": "Une plateforme de billetterie partagée, configurée pour vous, sans frais "
        "fixes mensuels.",
        "description": """Une billetterie coûte cher à un petit diffuseur qui présente quelques
spectacles par année. Ici, les organismes partagent une seule plateforme et ses frais.

- page de vente à vos couleurs;
- billets numériques et liste des spectateurs à l'entrée;
- rapports de ventes exportables;
- soutien technique en français.""",
        "category": "technology",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.ONLINE,
        "in_english": True,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.COST_SHARING,
        "price_note": "0,75 $ par billet vendu",
        "eligibility_note": "Organismes et collectifs qui présentent des spectacles ou des "
        "activités payantes.",
        "how_to_access": "Envoyez une demande d'accès en indiquant le nombre approximatif "
        "d'événements par année. La mise en route prend environ deux semaines.",
        "organizations": ["culture-pour-tous"],
        "regions": ["QC", "remote"],
        "disciplines": ["theatre", "music", "dance", "circus"],
    },
    {
        "title": "Prêt d'équipements de son et d'éclairage",
        "summary": "Des équipements de son et d'éclairage de tournée, prêtés à tarif réduit aux "
        "artistes et aux petits diffuseurs.",
        "description": """Acheter une console ou des projecteurs pour quelques spectacles par
année n'a pas de sens. Le parc d'équipements partagé se réserve à la journée ou à la semaine.

- console de son numérique et haut-parleurs;
- projecteurs à DEL et gradateurs;
- microphones et pieds;
- montage expliqué à la remise du matériel.""",
        "category": "equipment",
        "audience": Service.Audience.BOTH,
        "delivery": Service.Delivery.IN_PERSON,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.MEMBER_RATE,
        "price_note": "40,00 $ par jour, 150,00 $ par semaine",
        "eligibility_note": "Artistes et organismes du Nouveau-Brunswick. Une preuve "
        "d'assurance responsabilité est demandée.",
        "how_to_access": "Envoyez une demande d'accès au moins trois semaines avant la date "
        "voulue, avec la liste du matériel souhaité. Le matériel se prend et se rapporte sur "
        "place.",
        "organizations": ["aaapnb"],
        "regions": ["NB"],
        "disciplines": ["music", "theatre", "dance", "circus"],
    },
    {
        "title": "Locaux de répétition à partager",
        "summary": "Des organismes ouvrent leurs salles de répétition aux autres quand elles ne "
        "servent pas.",
        "description": """Beaucoup de salles restent vides une bonne partie de la semaine. Ce
service met en relation les organismes qui ont un local et ceux qui en cherchent un.

- réservation à l'heure ou en bloc;
- salles adaptées au théâtre, à la danse et à la musique;
- entente type fournie aux deux parties;
- tarif fixé à l'avance, sans surprise.""",
        "category": "spaces",
        "audience": Service.Audience.BOTH,
        "delivery": Service.Delivery.IN_PERSON,
        "cost_model": Service.CostModel.REGULAR,
        "price_note": "15,00 $ de l'heure",
        "availability": Service.Availability.FULL,
        "capacity_note": "Toutes les plages de la saison sont réservées",
        "eligibility_note": "Artistes et organismes professionnels du Québec.",
        "how_to_access": "Le service est complet pour la saison en cours. Envoyez tout de même "
        "une demande d'accès : elle sera considérée dès qu'une plage se libère.",
        "organizations": ["culture-pour-tous"],
        "regions": ["QC"],
        "disciplines": ["theatre", "dance", "music"],
    },
    {
        "title": "Poste partagé en administration culturelle",
        "summary": "Plusieurs organismes se partagent une personne en administration, chacun "
        "pour quelques jours par mois.",
        "description": """Une personne qualifiée, employée à temps plein par le regroupement,
travaille pour trois ou quatre organismes. Chacun profite d'une expertise stable sans porter
seul un salaire complet.

- gestion administrative courante et suivi des subventions;
- préparation des conseils d'administration;
- entente de partage des heures et des coûts;
- remplacement prévu pendant les vacances.""",
        "category": "human-resources",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.HYBRID,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.COST_SHARING,
        "price_note": "Salaire et charges partagés selon les heures de chaque organisme",
        "eligibility_note": "Organismes qui ont besoin d'au moins deux jours par mois de "
        "soutien administratif.",
        "how_to_access": "Envoyez une demande d'accès avec une estimation de vos besoins. Un "
        "nouveau regroupement se forme dès que trois organismes d'une même région sont prêts.",
        "organizations": ["competence-culture", "chantier-economie-sociale"],
        "regions": ["QC", "ON"],
        "disciplines": [],
    },
    {
        "title": "Gérer sa carrière artistique à l'ère numérique",
        "summary": "Une formation en ligne, à votre rythme, sur les compétences dont les "
        "artistes ont besoin pour vivre de leur pratique.",
        "description": """Les artistes doivent aujourd'hui jouer plusieurs rôles à la fois. Cette
formation en cinq modules donne des repères concrets, sans jargon.

- établir un budget de projet;
- présenter son travail en ligne;
- comprendre ses revenus de droits;
- planifier une demande de bourse.""",
        "category": "training",
        "audience": Service.Audience.ARTISTS,
        "delivery": Service.Delivery.ONLINE,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.FREE,
        "eligibility_note": "Artistes de toutes les disciplines, partout au Canada.",
        "how_to_access": "Envoyez une demande d'accès pour recevoir vos identifiants. Les "
        "modules restent accessibles pendant un an.",
        "organizations": ["competence-culture"],
        "regions": ["remote"],
        "disciplines": [],
    },
    {
        "title": "Cohorte de gestion de projets culturels dans l'Ouest",
        "summary": "Une cohorte de travailleuses et de travailleurs culturels de l'Ouest qui se "
        "forment ensemble à la gestion de projets.",
        "description": """Les organismes francophones de l'Ouest sont souvent petits et
éloignés les uns des autres. Cette cohorte réunit leurs équipes en ligne, avec une rencontre
en personne à mi-parcours.

- planification et suivi d'un projet culturel;
- travail avec des partenaires et des bénévoles;
- reddition de comptes aux bailleurs de fonds;
- entraide entre pairs tout au long de la cohorte.""",
        "category": "training",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.HYBRID,
        "in_english": True,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.MEMBER_RATE,
        "price_note": "60,00 $ par personne pour toute la cohorte",
        "capacity_note": "Vingt places",
        "eligibility_note": "Personnes à l'emploi d'un organisme culturel du Manitoba, de la "
        "Saskatchewan, de l'Alberta ou de la Colombie-Britannique.",
        "how_to_access": "Envoyez une demande d'accès avant la fin des inscriptions. Les "
        "rencontres se tiennent en français; les documents existent aussi en anglais.",
        "organizations": ["competence-culture"],
        "regions": ["MB", "SK", "AB", "BC"],
        "disciplines": [],
    },
    {
        "title": "Financement solidaire de projets collectifs",
        "summary": "Un accompagnement pour monter un projet collectif et trouver un financement "
        "adapté, au-delà des subventions.",
        "description": """Quand plusieurs organismes veulent acheter un équipement, louer un
lieu ou lancer un service ensemble, les programmes de subvention ne suffisent pas toujours.
L'accompagnement explore les autres sources.

- choix d'une structure pour le projet commun;
- prêts et garanties de la finance solidaire;
- montage financier et plan de remboursement;
- présentation du projet aux partenaires financiers.""",
        "category": "funding",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.HYBRID,
        "cost_model": Service.CostModel.FREE,
        "eligibility_note": "Regroupements d'au moins deux organismes culturels du Québec qui "
        "portent un projet commun.",
        "how_to_access": "Envoyez une demande d'accès qui décrit le projet et les organismes "
        "qui y participent.",
        "organizations": ["tiess", "chantier-economie-sociale"],
        "regions": ["QC"],
        "disciplines": [],
    },
    {
        "title": "Tournées partagées dans l'Atlantique et en Ontario",
        "summary": "Des diffuseurs francophones coordonnent leurs dates pour accueillir les "
        "mêmes artistes et partager les frais de déplacement.",
        "description": """Une tournée coûte moins cher quand les dates s'enchaînent. Le service
regroupe les diffuseurs et propose aux artistes un circuit cohérent.

- appel de propositions une fois par année;
- frais de transport et d'hébergement partagés entre les lieux;
- soutien à la promotion dans chaque communauté;
- bilan commun à la fin de la tournée.""",
        "category": "distribution",
        "audience": Service.Audience.ARTISTS,
        "delivery": Service.Delivery.IN_PERSON,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.COST_SHARING,
        "price_note": "Frais de déplacement partagés entre les diffuseurs",
        "eligibility_note": "Artistes professionnels qui présentent un spectacle ou une "
        "lecture en français.",
        "how_to_access": "Envoyez une demande d'accès avec une courte présentation du spectacle "
        "et vos disponibilités.",
        "organizations": ["aaapnb"],
        "regions": ["NB", "NS", "PE", "ON"],
        "disciplines": ["music", "theatre", "literature"],
    },
    {
        "title": "Laboratoire vivant : tester un outil avec votre public",
        "summary": "Faites essayer votre outil numérique par les personnes qui l'utiliseront, "
        "avant de le lancer.",
        "description": """Une application ou un site pensé sans son public risque de rester
inutilisé. Le laboratoire organise des séances d'essai avec de vraies personnes et vous aide à
tirer des leçons de ce qu'elles vivent.

- recrutement de participantes et de participants;
- séances d'essai animées, en personne ou à distance;
- synthèse des constats et pistes d'amélioration;
- partage des apprentissages avec la communauté, si vous l'acceptez.""",
        "category": "technology",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.HYBRID,
        "french_outside_quebec": True,
        "cost_model": Service.CostModel.COST_SHARING,
        "price_note": "Selon l'ampleur du projet, estimé à la première rencontre",
        "eligibility_note": "Organismes qui développent ou adaptent un outil numérique pour le "
        "milieu culturel.",
        "how_to_access": "Envoyez une demande d'accès qui décrit votre outil et son public.",
        "organizations": ["llio"],
        "regions": ["QC", "remote"],
        "disciplines": ["media-arts"],
    },
    {
        "title": "Service de paie partagé",
        "summary": "La paie et les remises gouvernementales préparées pour vous, pour quelques "
        "employés ou pour des contrats ponctuels.",
        "description": """Ce service complétera la comptabilité partagée : il est en préparation
et n'est pas encore offert.

- calcul des paies et des vacances;
- remises gouvernementales;
- relevés de fin d'année.""",
        "category": "management",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.ONLINE,
        "cost_model": Service.CostModel.MEMBER_RATE,
        "price_note": "À déterminer",
        "eligibility_note": "Organismes culturels qui emploient au moins une personne.",
        "how_to_access": "Le service sera ouvert aux demandes une fois publié.",
        "organizations": ["chantier-economie-sociale"],
        "regions": ["QC"],
        "disciplines": [],
        "status": Service.Status.DRAFT,
    },
    {
        "title": "Prêt de caméras pour captations (projet pilote)",
        "summary": "Un projet pilote de prêt de caméras et de micros pour filmer vos spectacles.",
        "description": """Ce projet pilote a permis à une dizaine d'organismes de filmer leurs
spectacles. Il est terminé; ses conclusions nourrissent le prêt d'équipements actuel.

- deux ensembles de caméras;
- micros d'ambiance;
- courte formation à la prise de vue.""",
        "category": "equipment",
        "audience": Service.Audience.ORGANIZATIONS,
        "delivery": Service.Delivery.IN_PERSON,
        "cost_model": Service.CostModel.FREE,
        "eligibility_note": "Organismes culturels du Québec.",
        "how_to_access": "Le projet pilote est terminé.",
        "organizations": ["quebec-numerique"],
        "regions": ["QC"],
        "disciplines": ["film", "theatre"],
        "status": Service.Status.ARCHIVED,
    },
]

# Each request is sent, then moved to its final status by "actor" ("member" is the person who
# sent it; otherwise the email of the organization's demo representative).
ACCESS_REQUESTS = [
    {
        "member": "membre@passerelles.test",
        "service": "Billetterie en ligne mutualisée",
        "data": {
            "on_behalf": AccessRequest.OnBehalf.ORGANIZATION,
            "organization_name": "Théâtre du Bas-du-Fleuve",
            "message": "Bonjour, notre compagnie présente quatre ou cinq spectacles par année à "
            "Rimouski et nous vendons encore nos billets à la porte. La billetterie partagée "
            "pourrait-elle nous convenir ?",
            "timeframe": "Avant la prochaine saison",
        },
        "steps": [],
    },
    {
        "member": "artiste@passerelles.test",
        "service": "Prêt d'équipements de son et d'éclairage",
        "data": {
            "on_behalf": AccessRequest.OnBehalf.SELF,
            "organization_name": "",
            "message": "J'aurais besoin d'une petite console et de deux haut-parleurs pour trois "
            "spectacles dans la Péninsule acadienne.",
            "timeframe": "Dans deux mois",
        },
        "steps": [
            {
                "actor": "partenaire@passerelles.test",
                "status": AccessRequest.Status.IN_DISCUSSION,
                "message": "Merci pour votre demande ! Pouvez-vous nous donner les dates exactes "
                "et la taille des salles ? Nous vérifierons ce qui est libre.",
            },
        ],
    },
    {
        "member": "membre@passerelles.test",
        "service": "Comptabilité partagée pour petits organismes",
        "data": {
            "on_behalf": AccessRequest.OnBehalf.ORGANIZATION,
            "organization_name": "Théâtre du Bas-du-Fleuve",
            "message": "Notre comptable bénévole prend sa retraite. Nous cherchons de l'aide "
            "pour la tenue de livres et les états financiers de fin d'année.",
            "timeframe": "Dès que possible",
        },
        "steps": [
            {
                "actor": "animation@passerelles.test",
                "status": AccessRequest.Status.ACCEPTED,
                "message": "Bonne nouvelle : nous pouvons vous accueillir. Nous vous proposerons "
                "une première rencontre la semaine prochaine pour estimer vos besoins.",
            },
        ],
    },
    {
        "member": "artiste@passerelles.test",
        "service": "Tournées partagées dans l'Atlantique et en Ontario",
        "data": {
            "on_behalf": AccessRequest.OnBehalf.SELF,
            "organization_name": "",
            "message": "Je prépare un spectacle de chansons pour l'automne et j'aimerais "
            "tourner dans les Maritimes et dans l'Est ontarien.",
            "timeframe": "Automne",
        },
        "steps": [
            {
                "actor": "partenaire@passerelles.test",
                "status": AccessRequest.Status.DECLINED,
                "message": "Merci de votre intérêt, et bravo pour ce nouveau spectacle. Le "
                "circuit de cette année est malheureusement déjà complet. Nous vous invitons à "
                "répondre au prochain appel de propositions : votre projet y aurait toute sa "
                "place.",
            },
        ],
    },
    {
        "member": "membre@passerelles.test",
        "service": "Locaux de répétition à partager",
        "data": {
            "on_behalf": AccessRequest.OnBehalf.ORGANIZATION,
            "organization_name": "Théâtre du Bas-du-Fleuve",
            "message": "Nous cherchons une salle de répétition deux soirs par semaine pendant "
            "six semaines.",
            "timeframe": "Cet hiver",
        },
        "steps": [
            {
                "actor": "member",
                "status": AccessRequest.Status.WITHDRAWN,
                "message": "Une école de notre quartier nous prête finalement son gymnase. "
                "Merci quand même !",
            },
        ],
    },
]


def _service_slug(title):
    # The slug create_service gives a new service; demo titles are short enough to keep it whole.
    return slugify(title)


def _seed_organizations():
    created = 0
    for spec in ORGANIZATIONS:
        spec = dict(spec)
        region_codes = spec.pop("regions")
        discipline_codes = spec.pop("disciplines")
        if Organization.objects.filter(slug=spec["slug"]).exists():
            continue
        organization = Organization.objects.create(serves_in_french=True, **spec)
        organization.regions.set(Region.objects.filter(code__in=region_codes))
        organization.disciplines.set(Discipline.objects.filter(code__in=discipline_codes))
        created += 1
    return created


def _seed_representatives(members):
    for spec in REPRESENTATIVES:
        member = members.get(spec["email"])
        organization = Organization.objects.filter(slug=spec["organization"]).first()
        if member is None or organization is None:
            continue
        if Representative.objects.filter(organization=organization, member=member).exists():
            continue
        add_representative(
            organization, member, role=spec["role"], shown_on_page=spec["shown_on_page"]
        )


def _seed_services(admin):
    created = 0
    for spec in SERVICES:
        spec = dict(spec)
        if Service.objects.filter(slug=_service_slug(spec["title"])).exists():
            continue
        organizations = list(Organization.objects.filter(slug__in=spec.pop("organizations")))
        if not organizations:
            continue
        regions = list(Region.objects.filter(code__in=spec.pop("regions")))
        disciplines = list(Discipline.objects.filter(code__in=spec.pop("disciplines")))
        status = spec.pop("status", Service.Status.PUBLISHED)
        service = create_service(
            actor=admin,
            data=spec,
            organizations=organizations,
            disciplines=disciplines,
            regions=regions,
        )
        if status != Service.Status.DRAFT:
            publish_service(service, actor=admin)
        if status == Service.Status.ARCHIVED:
            archive_service(service, actor=admin)
        created += 1
    return created


def _seed_access_requests(members, admin):
    emails = {spec["member"] for spec in ACCESS_REQUESTS}
    # A demo member who already has requests (from an earlier run, or their own) gets none.
    senders = {
        email
        for email in emails
        if email in members and not AccessRequest.objects.filter(member=members[email]).exists()
    }
    created = 0
    for spec in ACCESS_REQUESTS:
        if spec["member"] not in senders:
            continue
        member = members[spec["member"]]
        service = Service.objects.published().filter(slug=_service_slug(spec["service"])).first()
        if service is None:
            continue
        access_request = create_access_request(service, member=member, data=spec["data"])
        created += 1
        for step in spec["steps"]:
            if step["actor"] == "member":
                actor = member
            else:
                actor = members.get(step["actor"])
                if actor is None or not can_answer_request(Viewer.of(actor), access_request):
                    actor = admin
            access_request = change_request_status(
                access_request, actor=actor, new_status=step["status"], message=step["message"]
            )
    return created


def seed_resources(stdout=None):
    emails = {ADMIN_EMAIL}
    emails |= {spec["email"] for spec in REPRESENTATIVES}
    emails |= {spec["member"] for spec in ACCESS_REQUESTS}
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    admin = members.get(ADMIN_EMAIL)

    organizations = _seed_organizations()
    _seed_representatives(members)
    services = requests = 0
    if admin is not None and admin.is_superuser:
        services = _seed_services(admin)
        requests = _seed_access_requests(members, admin)
    if stdout:
        stdout.write(
            f"  resources: {organizations} organizations, {services} services, "
            f"{requests} access requests created"
        )
