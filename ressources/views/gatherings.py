from calendar import Calendar
from datetime import date, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from communaute.hooks.calendar import CalendarFilters, calendar_entries
from communaute.models import Space
from communaute.permissions.viewer import Viewer
from passerelles.core.forms import id_or_none
from passerelles.core.links import absolute_url
from passerelles.core.models import Discipline
from passerelles.core.vocabularies import Province
from ressources.forms.gatherings import GatheringForm, RegisteredMessageForm, RegistrationForm
from ressources.models import CalendarFeedToken, Gathering, GatheringRegistration, Organization
from ressources.permissions.gatherings import (
    can_create_gathering,
    can_manage_gathering,
    can_register,
    check_create_gathering_permission,
    check_manage_gathering_permission,
    is_portal_editor,
    organizations_for_gatherings,
    spaces_for_gatherings,
)
from ressources.selectors import gatherings as selectors
from ressources.selectors import ical
from ressources.services.gatherings import (
    AlreadyRegisteredError,
    calendar_feed_token,
    cancel_gathering,
    cancel_registration,
    create_gathering,
    register,
    renew_calendar_feed,
    update_gathering,
    write_to_registered,
)

ATTENDANCE_FILTERS = ("online", "in_person")
# The calendar page's `vue`: the list of days by default, the month grid when asked.
GRID_VIEW = "grille"


def _month(value: str) -> date:
    """The first day of the month asked for as "2026-02"; this month when the value is not one."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def calendar_page(request):
    """The calendar: one month at a time, every source's entries (gatherings, deadlines) by day,
    filtered by province, discipline, online or in person, and organization; as a list of the
    days that have entries, or as the month's grid (`vue=grille`)."""
    first = _month(request.GET.get("mois", ""))
    last = _next_month(first) - timedelta(days=1)
    province = request.GET.get("province", "")
    discipline = request.GET.get("discipline", "")
    attendance = request.GET.get("participation", "")
    organization_id = id_or_none(request.GET.get("organisation", ""))
    filters = CalendarFilters(
        province=province if province in Province.values else "",
        discipline=discipline if Discipline.objects.filter(code=discipline).exists() else "",
        attendance=attendance if attendance in ATTENDANCE_FILTERS else "",
        organization_id=organization_id,
    )
    # Each entry goes on its own local day, which may be a day away from the site's zone's
    # (21 h in Vancouver on the 31st is already the 1st in Toronto): ask for a day more on each
    # side, then keep what falls within the month where the entry takes place.
    one_day = timedelta(days=1)
    entries = calendar_entries(request.viewer, first - one_day, last + one_day, filters)
    days: dict[date, list] = {}
    for entry in entries:
        zone = ZoneInfo(entry.time_zone)
        local_day = entry.starts_at.astimezone(zone).date()
        local_end = entry.ends_at.astimezone(zone).date() if entry.ends_at else local_day
        if local_day > last or local_end < first:
            continue
        days.setdefault(max(local_day, first), []).append((entry, selectors.entry_time_text(entry)))
    grid = request.GET.get("vue") == GRID_VIEW
    query = {
        "province": filters.province,
        "discipline": filters.discipline,
        "participation": filters.attendance,
        "organisation": filters.organization_id or "",
    }
    return render(
        request,
        "ressources/gatherings/calendar.html",
        {
            "first": first,
            "previous_month": (first - timedelta(days=1)).strftime("%Y-%m"),
            "next_month": _next_month(first).strftime("%Y-%m"),
            # The filters as they were understood, for the links to the other view and months.
            "filter_query": urlencode(query),
            "month_query": urlencode({**query, "vue": GRID_VIEW} if grid else query),
            "grid": grid,
            "grid_view": GRID_VIEW,
            "days": sorted(days.items()),
            # Whole weeks from Monday: the days of the months around are shown too, dimmed.
            "weeks": (
                [
                    [(day, day.month == first.month, days.get(day, ())) for day in week]
                    for week in Calendar().monthdatescalendar(first.year, first.month)
                ]
                if grid
                else []
            ),
            "today": timezone.localdate(),
            "filters": filters,
            "provinces": Province.choices,
            "disciplines": Discipline.objects.all(),
            "organizations": Organization.objects.filter(gatherings__isnull=False).distinct(),
            "can_create": can_create_gathering(request.viewer),
        },
    )


def _form(request, data=None, initial=None):
    viewer = request.viewer
    organizations = Organization.objects.all()
    spaces = Space.objects.all()
    if not viewer.is_superuser:
        organizations = organizations.filter(pk__in=organizations_for_gatherings(viewer))
        spaces = spaces.filter(pk__in=spaces_for_gatherings(viewer))
    organizers = []
    if organizations.exists():
        organizers.append(Gathering.Organizer.ORGANIZATION)
    if spaces.exists():
        organizers.append(Gathering.Organizer.SPACE)
    if is_portal_editor(viewer):
        organizers.append(Gathering.Organizer.PORTAL)
    return GatheringForm(
        data,
        initial=initial,
        organizations=organizations,
        spaces=spaces,
        organizers=organizers,
    )


def _data(form):
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in ("day", "start_time", "end_time", "registration_closes_on", "disciplines")
    }


@login_required
@require_http_methods(["GET", "POST"])
def gathering_create(request):
    check_create_gathering_permission(request.viewer)
    form = _form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        gathering = create_gathering(
            actor=request.user,
            data=_data(form),
            disciplines=list(form.cleaned_data["disciplines"]),
        )
        messages.success(request, _("La rencontre est publiée au calendrier."))
        return redirect(gathering)
    return render(request, "ressources/gatherings/gathering_form.html", {"form": form})


def _gathering(request, pk):
    return get_object_or_404(selectors.gathering_detail_queryset(request.viewer), pk=pk)


def gathering_detail(request, pk):
    gathering = _gathering(request, pk)
    registration = selectors.registration_of(gathering, request.user)
    active = registration is not None and registration.status != (
        GatheringRegistration.Status.CANCELLED
    )
    manages = can_manage_gathering(request.viewer, gathering)
    return render(
        request,
        "ressources/gatherings/gathering_detail.html",
        {
            "gathering": gathering,
            "when": selectors.when_text(
                gathering.starts_at, gathering.ends_at, gathering.time_zone
            ),
            "local_time": selectors.local_time_text(
                gathering.starts_at,
                gathering.time_zone,
                selectors.member_time_zone(request.user),
            ),
            "registration": registration if active else None,
            "waiting_position": (
                selectors.waiting_position(registration)
                if active and registration.status == GatheringRegistration.Status.WAITING
                else None
            ),
            "shows_link": manages
            or (active and registration.status == GatheringRegistration.Status.REGISTERED),
            "register_form": (
                RegistrationForm()
                if not active and can_register(request.viewer, gathering)
                else None
            ),
            "can_manage": manages,
            "structured_data": mark_safe(selectors.structured_data(gathering)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def gathering_edit(request, pk):
    gathering = _gathering(request, pk)
    check_manage_gathering_permission(request.viewer, gathering)
    form = _form(
        request,
        request.POST if request.method == "POST" else None,
        initial=GatheringForm.initial_of(gathering),
    )
    # The organizer is chosen once: the gathering stays where it was announced.
    for name in ("organizer", "organization", "space"):
        form.fields[name].disabled = True
        form.fields[name].required = False
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        for name in ("organizer", "organization", "space"):
            data.pop(name, None)
        update_gathering(
            gathering,
            actor=request.user,
            data=data,
            disciplines=list(form.cleaned_data["disciplines"]),
        )
        messages.success(request, _("La rencontre est modifiée."))
        return redirect(gathering)
    return render(
        request,
        "ressources/gatherings/gathering_form.html",
        {"form": form, "gathering": gathering},
    )


@login_required
@require_POST
def gathering_cancel(request, pk):
    gathering = _gathering(request, pk)
    cancel_gathering(gathering, actor=request.user)
    messages.success(
        request, _("La rencontre est annulée ; les personnes inscrites sont prévenues.")
    )
    return redirect(gathering)


@login_required
@require_POST
def gathering_register(request, pk):
    gathering = _gathering(request, pk)
    form = RegistrationForm(request.POST)
    form.is_valid()
    try:
        registration = register(
            gathering,
            member=request.user,
            share_contact=form.cleaned_data.get("share_contact", False),
        )
    except AlreadyRegisteredError:
        return redirect(gathering)
    if registration.status == GatheringRegistration.Status.WAITING:
        messages.success(
            request,
            _(
                "La rencontre est complète : vous êtes sur la liste d'attente. Si une place se "
                "libère, elle est à vous et vous recevez un courriel."
            ),
        )
    else:
        messages.success(request, _("Vous êtes inscrite ou inscrit."))
    return redirect(gathering)


@login_required
@require_POST
def gathering_unregister(request, pk):
    gathering = _gathering(request, pk)
    cancel_registration(gathering, member=request.user)
    messages.success(request, _("Votre inscription est retirée."))
    return redirect(gathering)


@login_required
@require_http_methods(["GET", "POST"])
def gathering_registrations(request, pk):
    """The organizers' list of registered and waiting people, and a message to the registered."""
    gathering = _gathering(request, pk)
    check_manage_gathering_permission(request.viewer, gathering)
    form = RegisteredMessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = write_to_registered(
            gathering,
            actor=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request,
            ngettext(
                "Message envoyé à %(count)s personne inscrite.",
                "Message envoyé à %(count)s personnes inscrites.",
                sent,
            )
            % {"count": sent},
        )
        return redirect("ressources:gathering_registrations", pk=gathering.pk)
    return render(
        request,
        "ressources/gatherings/registrations.html",
        {
            "gathering": gathering,
            "registrations": selectors.registrations_for_organizers(gathering),
            "form": form,
        },
    )


@login_required
def gathering_attendance_csv(request, pk):
    gathering = _gathering(request, pk)
    check_manage_gathering_permission(request.viewer, gathering)
    response = HttpResponse(
        selectors.attendance_csv(gathering), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="presences-{gathering.pk}.csv"'
    return response


def _calendar_response(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def gathering_ics(request, pk):
    """One gathering as a file to add to a calendar; its online link for those who may see it."""
    gathering = _gathering(request, pk)
    registration = selectors.registration_of(gathering, request.user)
    shows_link = can_manage_gathering(request.viewer, gathering) or (
        registration is not None and registration.status == GatheringRegistration.Status.REGISTERED
    )
    entry = selectors.entry_of(gathering)
    links = {entry.uid: gathering.online_url} if shows_link and gathering.is_online else {}
    return _calendar_response(
        ical.calendar_file([entry], name=gathering.title, extra_descriptions=links),
        f"rencontre-{gathering.pk}.ics",
        download=True,
    )


def _public_feed(filters: CalendarFilters, name: str) -> HttpResponse:
    # Calendar clients fetch feeds without a session: they list what a visitor may see.
    first, last = ical.feed_window()
    entries = calendar_entries(Viewer(AnonymousUser()), first, last, filters)
    return _calendar_response(
        ical.calendar_file(entries, name=name), "passerelles.ics", download=False
    )


def calendar_feed(request):
    return _public_feed(CalendarFilters(), _("Passerelles Culture — rencontres"))


def space_feed(request, slug):
    space = get_object_or_404(Space, slug=slug, visibility=Space.Visibility.PUBLIC)
    return _public_feed(CalendarFilters(space_id=space.pk), space.name)


def organization_feed(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return _public_feed(CalendarFilters(organization_id=organization.pk), organization.name)


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """The address of the member's private feed, and a way to renew it when it has leaked."""
    if request.method == "POST":
        renew_calendar_feed(request.user)
        messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
        return redirect("ressources:my_calendar")
    token = calendar_feed_token(request.user)
    return render(
        request,
        "ressources/gatherings/my_calendar.html",
        {
            "feed_url": absolute_url(reverse("ressources:my_calendar_feed", args=[token])),
            "portal_feed_url": absolute_url(reverse("ressources:calendar_feed")),
        },
    )


def my_calendar_feed(request, token):
    feed = get_object_or_404(CalendarFeedToken.objects.select_related("member"), token=token[:64])
    if not feed.member.is_active:
        raise Http404
    first, last = ical.feed_window()
    gatherings = selectors.registered_gatherings(feed.member, first, last)
    entries = [selectors.entry_of(gathering) for gathering in gatherings]
    links = {
        f"gathering-{gathering.pk}": gathering.online_url
        for gathering in gatherings
        if gathering.my_status == GatheringRegistration.Status.REGISTERED and gathering.is_online
    }
    return _calendar_response(
        ical.calendar_file(entries, name=_("Mes rencontres"), extra_descriptions=links),
        "mes-rencontres.ics",
        download=False,
    )
