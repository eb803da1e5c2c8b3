"""The portrait of the sector's needs: figures aggregated in the database, and the rows of a
CSV of the same figures. Its charts are drawn by ressources/charts.py.

Every figure is a count over many rows; nothing here names a member, and satisfaction is shown
only for groups large enough that no single answer can be recognized.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower, TruncMonth
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from passerelles.core import versions
from passerelles.core.vocabularies import (
    DisciplineChoice,
    Province,
    ServiceCategory,
    ServiceRegion,
)
from ressources.models import (
    AccessRequest,
    FundingCall,
    FundingFollow,
    Need,
    NeedSupport,
    PartnerSearch,
    Service,
    ServiceFeedback,
)

REMOTE = ServiceRegion.REMOTE.value
MONTHS = 12
# Fewer answers than this in a group and the group's satisfaction is not shown.
SATISFACTION_MIN_ANSWERS = 3
# Template-friendly keys for the answers ("en-partie" is no template variable name).
ANSWER_KEYS = {
    ServiceFeedback.Answer.YES: "yes",
    ServiceFeedback.Answer.PARTLY: "partly",
    ServiceFeedback.Answer.NO: "no",
}

# The page renders its figures once for every reader (sections_html below) and keeps
# them under a version number that every write to what they count changes (forget(), called
# by ressources/signals.py and by the services' bulk updates): the figures stay live. The day
# is part of the key (the months and the satisfaction cutoff turn on it); CACHE_SECONDS only
# bounds what a write that tells nobody could leave behind.
VERSION_KEY = "portrait:version"
CACHE_SECONDS = 3600


def current_version() -> int:
    return versions.current(VERSION_KEY)


def _bump() -> None:
    versions.bump(VERSION_KEY)


def forget() -> None:
    """What the portrait counts changed: now, and again once the write commits, so that a
    page rendered meanwhile from the old rows is not kept."""
    _bump()
    transaction.on_commit(_bump, robust=True)


@dataclass
class Portrait:
    totals: dict
    categories: list
    provinces: list
    disciplines: list
    months: list
    satisfaction: list
    satisfaction_until: date
    unmet: list
    remote_services: int


def _totals():
    needs = Need.objects.aggregate(
        open=Count("pk", filter=Q(status=Need.Status.OPEN)),
        met=Count("pk", filter=Q(status=Need.Status.MET)),
    )
    supports = NeedSupport.objects.aggregate(
        supports=Count("pk"),
        members=Count("member", distinct=True),
        organizations=Count(
            Lower("organization_name"),
            distinct=True,
            filter=Q(on_behalf=AccessRequest.OnBehalf.ORGANIZATION) & ~Q(organization_name=""),
        ),
    )
    return {**needs, **supports, **_funding(), "needs": needs["open"] + needs["met"]}


def _funding():
    """Members who follow funding calls, by who the calls are for, and members looking for
    partners, a member counted once per line. Counted from the follows and the searches, not
    over every account: the cost follows those rows, not the number of members."""
    follows = FundingFollow.objects.exclude(call__status=FundingCall.Status.SUGGESTED)

    def followers(condition=None):
        return Count("member", distinct=True, filter=condition)

    return {
        **follows.aggregate(
            call_followers=followers(),
            call_followers_artists=followers(Q(call__for_artists=True)),
            call_followers_organizations=followers(Q(call__for_organizations=True)),
            call_followers_collectives=followers(Q(call__for_collectives=True)),
        ),
        **PartnerSearch.objects.filter(is_open=True).aggregate(
            partner_seekers=Count("author", distinct=True)
        ),
    }


def _by_category():
    # Joined to the supports, a need appears once per person who shares it: needs are counted
    # distinct, and so are people, so that one person in two needs waits once in the category.
    rows = (
        Need.objects.order_by()
        .values("category")
        .annotate(
            open=Count("pk", distinct=True, filter=Q(status=Need.Status.OPEN)),
            met=Count("pk", distinct=True, filter=Q(status=Need.Status.MET)),
            waiting=Count("supports__member", distinct=True, filter=Q(status=Need.Status.OPEN)),
        )
    )
    found = {row["category"]: row for row in rows}
    categories = [
        {
            "code": code,
            "label": label,
            "open": found.get(code, {}).get("open", 0),
            "met": found.get(code, {}).get("met", 0),
            "waiting": found.get(code, {}).get("waiting", 0),
        }
        for code, label in ServiceCategory.choices
    ]
    return _largest_first(categories, "open", "waiting", "met")


def _largest_first(rows, *keys):
    """Unmet needs first: the rows where the sector waits most come on top, compared key by key;
    the vocabulary's own order settles ties (the sort is stable)."""
    return sorted(rows, key=lambda row: tuple(-row[key] for key in keys))


def _by_province():
    served = Service.objects.published().filter(
        Q(regions__code=OuterRef("province")) | Q(regions__code=REMOTE),
        category=OuterRef("category"),
    )
    needs = {
        row["province"]: row
        for row in Need.objects.open()
        .annotate(served=Exists(served))
        .order_by()
        .values("province")
        .annotate(open=Count("pk"), unserved=Count("pk", filter=Q(served=False)))
    }
    waiting = dict(
        NeedSupport.objects.filter(need__status=Need.Status.OPEN)
        .order_by()
        .values("province")
        .annotate(total=Count("member", distinct=True))
        .values_list("province", "total")
    )
    services = dict(
        Service.objects.published()
        .order_by()
        .values("regions__code")
        .annotate(total=Count("pk", distinct=True))
        .values_list("regions__code", "total")
    )
    provinces = [
        {
            "code": code,
            "label": label,
            "open": needs.get(code, {}).get("open", 0),
            "unserved": needs.get(code, {}).get("unserved", 0),
            "waiting": waiting.get(code, 0),
            "services": services.get(code, 0),
        }
        for code, label in Province.choices
    ]
    return _largest_first(provinces, "unserved", "open", "waiting"), services.get(REMOTE, 0)


def _by_discipline():
    needs = {
        row["disciplines"]: row
        for row in Need.objects.filter(disciplines__isnull=False)
        .order_by()
        .values("disciplines")
        .annotate(
            open=Count("pk", filter=Q(status=Need.Status.OPEN)),
            met=Count("pk", filter=Q(status=Need.Status.MET)),
        )
    }
    # A person's discipline is the one they gave when declaring or joining, not the need's.
    waiting = dict(
        NeedSupport.objects.filter(need__status=Need.Status.OPEN, discipline__isnull=False)
        .order_by()
        .values("discipline")
        .annotate(total=Count("member", distinct=True))
        .values_list("discipline", "total")
    )
    disciplines = [
        {
            "code": code,
            "label": label,
            "open": needs.get(code, {}).get("open", 0),
            "met": needs.get(code, {}).get("met", 0),
            "waiting": waiting.get(code, 0),
        }
        for code, label in DisciplineChoice.choices
    ]
    return _largest_first(disciplines, "open", "waiting", "met")


def _month_starts(today, count=MONTHS):
    year, month = today.year, today.month
    starts = []
    for _index in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def _by_month():
    starts = _month_starts(timezone.localdate())
    since = timezone.make_aware(datetime.combine(starts[0], time.min))

    def per_month(queryset, counted):
        return {
            timezone.localtime(row["month"]).date(): row["total"]
            for row in queryset.filter(created_at__gte=since)
            .annotate(month=TruncMonth("created_at"))
            .order_by()
            .values("month")
            .annotate(total=Count(counted, distinct=True))
        }

    declared = per_month(Need.objects.all(), "pk")
    # People joining someone else's need ("moi aussi"), each once a month however many needs
    # they join; the author's own row is the declaration.
    joined = per_month(NeedSupport.objects.exclude(member=F("need__author")), "member")
    return [
        {
            "month": start,
            "label": formats.date_format(start, "YEAR_MONTH_FORMAT"),
            "declared": declared.get(start, 0),
            "joined": joined.get(start, 0),
        }
        for start in starts
    ]


def satisfaction_cutoff(today):
    """Answers count from the first day of the month after they were given. Live figures would
    let someone who knows when one person answered read that answer in the difference."""
    return timezone.make_aware(datetime.combine(today.replace(day=1), time.min))


def _satisfaction(cutoff):
    rows = (
        ServiceFeedback.objects.exclude(answer="")
        .filter(answered_at__lt=cutoff)
        .order_by()
        .values("access_request__service__category", "answer")
        .annotate(total=Count("pk"))
    )
    counts = {}
    for row in rows:
        counts.setdefault(row["access_request__service__category"], {})[row["answer"]] = row[
            "total"
        ]
    groups = []
    for code, label in ServiceCategory.choices:
        answers = counts.get(code, {})
        total = sum(answers.values())
        if not total:
            continue
        shown = total >= SATISFACTION_MIN_ANSWERS
        groups.append(
            {
                "code": code,
                "label": label,
                "total": total,
                "shown": shown,
                **{
                    key: (answers.get(answer, 0) if shown else None)
                    for answer, key in ANSWER_KEYS.items()
                },
            }
        )
    return groups


def build() -> Portrait:
    """The whole portrait, in a fixed number of queries whatever the number of needs."""
    provinces, remote_services = _by_province()
    cutoff = satisfaction_cutoff(timezone.localdate())
    return Portrait(
        totals=_totals(),
        categories=_by_category(),
        provinces=provinces,
        disciplines=_by_discipline(),
        months=_by_month(),
        satisfaction=_satisfaction(cutoff),
        satisfaction_until=timezone.localdate(cutoff) - timedelta(days=1),
        unmet=list(
            Need.objects.open()
            .order_by("-supporter_count", "-created_at")
            .only("pk", "title", "category", "province", "supporter_count", "organization_count")[
                :10
            ]
        ),
        remote_services=remote_services,
    )


# CSV ------------------------------------------------------------------------------------


# What each figure counts, in the words a partner would quote; the CSV opens with them.
INDICATORS = {
    "needs": (
        gettext_lazy("Besoins déclarés"),
        gettext_lazy("Besoins déclarés sur le portail, comblés ou non."),
    ),
    "open": (
        gettext_lazy("Besoins non comblés"),
        gettext_lazy("Besoins encore ouverts : aucun service n'a été indiqué comme y répondant."),
    ),
    "met": (
        gettext_lazy("Besoins comblés"),
        gettext_lazy("Besoins qu'une organisation partenaire a reliés à un service qui y répond."),
    ),
    "members": (
        gettext_lazy("Membres qui partagent au moins un besoin"),
        gettext_lazy("Personnes distinctes qui ont déclaré un besoin ou s'y sont jointes."),
    ),
    "organizations": (
        gettext_lazy("Organisations qui partagent au moins un besoin"),
        gettext_lazy(
            "Noms d'organisation distincts donnés par les personnes qui partagent un besoin au "
            "nom de leur organisation."
        ),
    ),
    "waiting": (
        gettext_lazy("Personnes qui attendent"),
        gettext_lazy(
            "Personnes distinctes qui partagent au moins un besoin non comblé de la catégorie, "
            "de la province ou de la discipline, comptées une fois par ligne. La province et la "
            "discipline d'une personne sont celles qu'elle a indiquées en déclarant le besoin ou "
            "en s'y joignant, et non celles du besoin."
        ),
    ),
    "unserved": (
        gettext_lazy("Besoins sans service offert"),
        gettext_lazy(
            "Besoins non comblés de la province pour lesquels aucun service publié de leur "
            "catégorie n'est offert sur place ni à distance."
        ),
    ),
    "services": (
        gettext_lazy("Services offerts"),
        gettext_lazy("Services publiés offerts dans la province ou le territoire, ou à distance."),
    ),
    "declared": (
        gettext_lazy("Besoins déclarés dans le mois"),
        gettext_lazy("Besoins déclarés pendant le mois, comblés depuis ou non."),
    ),
    "joined": (
        gettext_lazy("Personnes qui se joignent"),
        gettext_lazy(
            "Personnes distinctes qui se sont jointes pendant le mois à un besoin déclaré par "
            "quelqu'un d'autre."
        ),
    ),
    "yes": (gettext_lazy("Réponses « oui »"), None),
    "partly": (gettext_lazy("Réponses « en partie »"), None),
    "no": (gettext_lazy("Réponses « non »"), None),
    "answers": (
        gettext_lazy("Réponses"),
        gettext_lazy(
            "Réponses à la question « Le service a-t-il répondu au besoin ? », posée quelque "
            "temps après l'acceptation d'une demande d'accès, reçues jusqu'à la fin du mois "
            "précédent. Une catégorie n'est détaillée qu'à partir de %(count)s réponses."
        ),
    ),
}


SECTIONS_TEMPLATE = "ressources/portrait/_portrait_sections.html"


def sections_html() -> str:
    """The figures, charts and tables, the same for every reader: rendered once per language
    and day, then read from the cache while nothing they count changes (forget)."""
    key = f"portrait:sections:{get_language()}:{timezone.localdate().isoformat()}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or current_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    # charts reads this module's Portrait: imported here, not at the top, to avoid a cycle.
    from ressources import charts

    built = build()
    # Without the request, so without context processors: nothing of one reader (their name,
    # a CSRF token) can enter what every reader is served.
    html = render_to_string(
        SECTIONS_TEMPLATE,
        {
            "portrait": built,
            "charts": charts.portrait_charts(built),
            "tile_map": charts.tile_map(built.provinces),
            "min_answers": SATISFACTION_MIN_ANSWERS,
        },
    )
    # Under the version read before counting: a write committed meanwhile makes it stale.
    cache.set(key, (version, html), CACHE_SECONDS)
    return html


def _indicator(key):
    return INDICATORS[key][0]


def csv_rows(portrait, *, extracted_on):
    """A few lines saying when the figures were extracted and what each counts, a blank line,
    then one figure per line (section, code, label, indicator, value), easy to pivot."""
    yield [_("Portrait des besoins du milieu — Passerelles Culture")]
    yield [_("Date d'extraction"), extracted_on.isoformat()]
    yield [_("Aucune donnée personnelle : seulement des nombres regroupés.")]
    for label, definition in INDICATORS.values():
        if definition is not None:
            yield [label, definition % {"count": SATISFACTION_MIN_ANSWERS}]
    yield []
    yield [_("section"), _("code"), _("libellé"), _("indicateur"), _("valeur")]
    everything = _("Tout le portail")
    for key in ("needs", "open", "met", "members", "organizations"):
        yield [_("ensemble"), "", everything, _indicator(key), portrait.totals[key]]
    for row in portrait.categories:
        for key in ("open", "met", "waiting"):
            yield [_("catégorie"), row["code"], row["label"], _indicator(key), row[key]]
    for row in portrait.provinces:
        for key in ("open", "unserved", "waiting", "services"):
            yield [_("province"), row["code"], row["label"], _indicator(key), row[key]]
    yield [
        _("province"),
        REMOTE,
        ServiceRegion.REMOTE.label,
        _indicator("services"),
        portrait.remote_services,
    ]
    for row in portrait.disciplines:
        for key in ("open", "met", "waiting"):
            yield [_("discipline"), row["code"], row["label"], _indicator(key), row[key]]
    for row in portrait.months:
        month = row["month"].strftime("%Y-%m")
        for key in ("declared", "joined"):
            yield [_("mois"), month, row["label"], _indicator(key), row[key]]
    for group in portrait.satisfaction:
        if group["shown"]:
            for key in ANSWER_KEYS.values():
                yield [
                    _("satisfaction"),
                    group["code"],
                    group["label"],
                    _indicator(key),
                    group[key],
                ]
        else:
            yield [
                _("satisfaction"),
                group["code"],
                group["label"],
                _indicator("answers"),
                _("moins de %(count)s") % {"count": SATISFACTION_MIN_ANSWERS},
            ]
