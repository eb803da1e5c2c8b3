import contextlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communaute.selectors.polls import poll_of_topic
from ressources.forms.needs import FeedbackForm, MarkNeedMetForm, NeedForm, NeedSupportForm
from ressources.models import Need, ServiceFeedback
from ressources.permissions.needs import (
    can_declare_need,
    can_join_need,
    can_mark_need_met,
    can_open_conversation,
    can_open_need_poll,
    can_see_demand,
    check_declare_need_permission,
    check_join_need_permission,
    check_mark_need_met_permission,
)
from ressources.permissions.organizations import check_representative_permission
from ressources.selectors import needs as need_selectors
from ressources.selectors.catalogue import similar_services
from ressources.services.needs import (
    FEEDBACK_LINK_MAX_AGE,
    AlreadySupportingError,
    declare_need,
    feedback_from_token,
    join_need,
    leave_need,
    mark_need_met,
    open_need_conversation,
    open_need_poll,
    record_feedback,
)
from ressources.views.catalogue import PER_PAGE, querystring_without_page

# The poll's question is content of the French-speaking community, as the conversation's text
# is (ressources/services/needs.py): the same words whatever the page's language.
NEED_POLL_QUESTION = "Quel format vous conviendrait ?"
NEED_DATA_FIELDS = ("title", "description", "category", "province", "urgency")
SUPPORT_DATA_FIELDS = ("on_behalf", "organization_name", "show_name")


def need_list(request):
    query = need_selectors.needs_query(request.GET)
    needs, facets = need_selectors.needs_list(query)
    page = Paginator(needs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "ressources/needs/need_list.html",
        {
            "query": query,
            "page": page,
            "facets": facets,
            "sorts": need_selectors.NEED_SORTS,
            "extra_query": querystring_without_page(request),
            "can_declare": can_declare_need(request.viewer),
            "can_see_demand": can_see_demand(request.viewer),
        },
    )


@login_required
def my_needs(request):
    """The needs this member declared or shares, with where each stands."""
    page = Paginator(need_selectors.needs_of_member(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ressources/needs/my_needs.html",
        {"page": page, "can_declare": can_declare_need(request.viewer)},
    )


def _suggestions(*, title, description, category, province, discipline_codes):
    return {
        "similar_needs": need_selectors.similar_needs(
            title=title, description=description, category=category
        ),
        "matching_services": (
            need_selectors.services_matching(
                category=category, province=province, discipline_codes=discipline_codes
            )
            or similar_services(title=title, summary=description, category=category)
        ),
    }


def need_suggestions(request):
    """The "cela existe peut-être déjà" fragment, asked for while the form is typed."""
    title = " ".join(request.GET.get("title", "").split())[:150]
    description = request.GET.get("description", "")[:3000]
    context = {"suggestions_checked": True}
    if len(title) >= 4:
        context.update(
            _suggestions(
                title=title,
                description=description,
                category=request.GET.get("category", ""),
                province=request.GET.get("province", ""),
                discipline_codes=request.GET.getlist("disciplines"),
            )
        )
    return render(request, "ressources/needs/_need_suggestions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request):
    check_declare_need_permission(request.viewer)
    initial = {}
    if request.user.province and request.user.province != "outside":
        initial["province"] = request.user.province
    form = NeedForm(request.POST if request.method == "POST" else None, initial=initial)
    suggestions = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        disciplines = list(data["disciplines"])
        if not data["checked_similar"]:
            suggestions = _suggestions(
                title=data["title"],
                description=data["description"],
                category=data["category"],
                province=data["province"],
                discipline_codes=[discipline.code for discipline in disciplines],
            )
        if not any(suggestions.values()):
            need = declare_need(
                author=request.user,
                data={name: data[name] for name in NEED_DATA_FIELDS + SUPPORT_DATA_FIELDS},
                disciplines=disciplines,
            )
            messages.success(
                request,
                _("Votre besoin est déclaré. Les personnes qui le partagent pourront s'y joindre."),
            )
            return redirect(need)
        # Shown once, with what was typed kept: the next submission declares the need.
        form = NeedForm(initial={**data, "checked_similar": True})
    return render(request, "ressources/needs/need_form.html", {"form": form, **suggestions})


def _mark_met_form(request, need, data=None):
    if not can_mark_need_met(request.viewer, need):
        return None
    services = need_selectors.services_to_link(request.user)
    if not services.exists():
        return None
    return MarkNeedMetForm(data, services=services)


def _render_need(request, need, *, join_form=None, met_form=None, status=200):
    support = need_selectors.support_of(need, request.user)
    if join_form is None and can_join_need(request.viewer, need, supporting=support is not None):
        join_form = NeedSupportForm(
            initial=need_selectors.support_form_initial(request.user), prefix="moi-aussi"
        )
    context = {
        "need": need,
        "summary": need_selectors.need_summary(need),
        "support": support,
        "join_form": join_form,
        "met_form": met_form if met_form is not None else _mark_met_form(request, need),
        "can_open_conversation": can_open_conversation(request.viewer, need),
        "can_open_poll": can_open_need_poll(request.viewer, need),
        "matching_services": (
            need_selectors.services_matching(
                category=need.category,
                province=need.province,
                discipline_codes=[discipline.code for discipline in need.disciplines.all()],
            )
            if need.is_open
            else []
        ),
    }
    return render(request, "ressources/needs/need_detail.html", context, status=status)


def need_detail(request, pk):
    need = get_object_or_404(need_selectors.need_detail_queryset(), pk=pk)
    return _render_need(request, need)


@login_required
@require_POST
def need_join(request, pk):
    need = get_object_or_404(need_selectors.need_detail_queryset(), pk=pk)
    supporting = need_selectors.support_of(need, request.user) is not None
    if supporting and need.is_open:
        # The form sent again, or from a page opened before joining: nothing to refuse.
        messages.info(request, _("Vous partagez déjà ce besoin."))
        return redirect(need)
    check_join_need_permission(request.viewer, need, supporting=supporting)
    form = NeedSupportForm(request.POST, prefix="moi-aussi")
    if not form.is_valid():
        return _render_need(request, need, join_form=form, status=400)
    # The same form sent twice: the first one counted.
    with contextlib.suppress(AlreadySupportingError):
        join_need(need, member=request.user, data=form.cleaned_data)
    messages.success(request, _("C'est noté : vous partagez ce besoin."))
    return redirect(need)


@login_required
@require_http_methods(["GET", "POST"])
def need_leave(request, pk):
    need = get_object_or_404(Need, pk=pk)
    if need_selectors.support_of(need, request.user) is None:
        messages.info(request, _("Vous ne partagez pas ce besoin."))
        return redirect(need)
    if request.method == "POST":
        leave_need(need, member=request.user)
        messages.success(request, _("Vous ne partagez plus ce besoin."))
        return redirect(need)
    return render(request, "ressources/needs/need_leave.html", {"need": need})


@login_required
@require_POST
def need_conversation(request, pk):
    need = get_object_or_404(Need, pk=pk)
    try:
        topic = open_need_conversation(need, member=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(need)
    return redirect(topic)


@login_required
@require_POST
def need_poll(request, pk):
    """Open the need's poll: its conversation first if needed, then communaute's poll page
    with the question to start from."""
    need = get_object_or_404(Need, pk=pk)
    try:
        topic = open_need_poll(need, member=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(need)
    if poll_of_topic(topic) is not None:
        return redirect(topic.get_absolute_url() + "#sondage")
    question = urlencode({"question": NEED_POLL_QUESTION})
    return redirect(f"{reverse('communaute:poll_edit', args=[topic.pk])}?{question}")


@login_required
@require_POST
def need_mark_met(request, pk):
    need = get_object_or_404(need_selectors.need_detail_queryset(), pk=pk)
    check_mark_need_met_permission(request.viewer, need)
    form = _mark_met_form(request, need, request.POST)
    if form is None:
        raise PermissionDenied(
            _("Votre organisation n'a pas encore de service publié à relier à ce besoin.")
        )
    if not form.is_valid():
        return _render_need(request, need, met_form=form, status=400)
    mark_need_met(need, actor=request.user, service=form.cleaned_data["service"])
    messages.success(
        request, _("Le besoin est comblé : les personnes qui le partagent en sont avisées.")
    )
    return redirect(need)


@login_required
def demand(request):
    """The open needs a representative's organization could pool a service for."""
    check_representative_permission(request.viewer)
    page = Paginator(need_selectors.demand_for_representative(request.viewer), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "ressources/needs/demand.html", {"page": page})


@require_http_methods(["GET", "POST"])
def feedback(request, token, answer=None):
    """The question after an accepted request; the signed link is the member's key to it.

    The email's links (one per answer) open this page with that answer chosen: opening a link
    records nothing, since mail scanners open every link of a message. The one button posts it.
    """
    try:
        feedback = feedback_from_token(token)
    except signing.SignatureExpired:
        return render(
            request,
            "ressources/access/feedback_expired.html",
            {"days": FEEDBACK_LINK_MAX_AGE.days},
            status=410,
        )
    except (signing.BadSignature, ServiceFeedback.DoesNotExist):
        raise Http404 from None
    if answer is not None and answer not in ServiceFeedback.Answer.values:
        raise Http404
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            record_feedback(feedback, answer=form.cleaned_data["answer"])
            messages.success(request, _("Merci ! Votre réponse est enregistrée."))
            return redirect("ressources:feedback", token=token)
    else:
        form = FeedbackForm(initial={"answer": answer or feedback.answer or None})
    return render(
        request,
        "ressources/access/feedback.html",
        {
            "feedback": feedback,
            "form": form,
            "service": feedback.access_request.service,
            "chosen_in_email": answer is not None,
        },
    )
