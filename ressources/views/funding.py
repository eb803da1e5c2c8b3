from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passerelles.core.vocabularies import DisciplineChoice, Province
from ressources.forms.funding import FundingSuggestionForm, PartnerAnswerForm, PartnerSearchForm
from ressources.models import FundingCall, Organization, PartnerSearch
from ressources.permissions.funding import (
    can_answer_partner_search,
    can_follow_call,
    can_search_partners,
    can_suggest_call,
    check_answer_partner_search_permission,
    check_search_partners_permission,
    check_suggest_call_permission,
)
from ressources.permissions.organizations import represented_organization_ids
from ressources.selectors import funding as funding_selectors
from ressources.services.funding import (
    answer_partner_search,
    follow_call,
    post_partner_search,
    suggest_call,
    unfollow_call,
)
from ressources.views.catalogue import PER_PAGE, querystring_without_page


def call_list(request):
    query = funding_selectors.FundingQuery.from_querydict(request.GET)
    page = Paginator(funding_selectors.calls_list(query), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ressources/funding/call_list.html",
        {
            "query": query,
            "page": page,
            # Demo deadlines and amounts are invented: development says so on the page.
            "demo_notice": settings.DEBUG,
            "windows": funding_selectors.WINDOWS,
            "applicants": {
                code: label for code, (_field, label) in funding_selectors.APPLICANTS.items()
            },
            "disciplines": DisciplineChoice.choices,
            "provinces": Province.choices,
            "extra_query": querystring_without_page(request),
            "can_suggest": can_suggest_call(request.viewer),
            "matching_searches": funding_selectors.matching_partner_searches(request.user),
        },
    )


def _call_or_404(pk):
    try:
        return funding_selectors.call_detail(pk)
    except FundingCall.DoesNotExist:
        raise Http404 from None


def _organizations_of(request):
    ids = represented_organization_ids(request.viewer) if request.user.is_authenticated else ()
    return Organization.objects.filter(pk__in=ids)


def _render_call(request, call, *, search_form=None, status=200):
    viewer = request.viewer
    can_search = can_search_partners(viewer, call)
    if can_search and search_form is None:
        search_form = PartnerSearchForm(
            organizations=_organizations_of(request), prefix="partenaires"
        )
    searches = list(funding_selectors.partner_searches_of(call))
    return render(
        request,
        "ressources/funding/call_detail.html",
        {
            "call": call,
            "demo_notice": settings.DEBUG,
            "deadlines": funding_selectors.coming_deadlines(call),
            "following": funding_selectors.is_following(call, request.user),
            "can_follow": can_follow_call(viewer, call),
            "can_search": can_search,
            "search_form": search_form,
            "searches": [
                (search, can_answer_partner_search(viewer, search)) for search in searches
            ],
        },
        status=status,
    )


def call_detail(request, pk):
    return _render_call(request, _call_or_404(pk))


@login_required
@require_POST
def call_follow(request, pk):
    call = _call_or_404(pk)
    if request.POST.get("follow") == "0":
        unfollow_call(call, member=request.user)
        messages.success(request, _("Vous ne suivez plus cet appel."))
    else:
        follow_call(call, member=request.user)
        messages.success(
            request,
            _(
                "Vous suivez cet appel : un rappel vous parviendra 30, 7 et 1 jours avant "
                "chaque date limite."
            ),
        )
    return redirect(call)


@login_required
@require_http_methods(["GET", "POST"])
def call_suggest(request):
    check_suggest_call_permission(request.viewer)
    form = FundingSuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        suggest_call(
            member=request.user,
            data=data,
            disciplines=list(data["disciplines"]),
            provinces=list(data["provinces"]),
            deadline=data["deadline"],
        )
        messages.success(
            request,
            _("Merci ! L'équipe de rédaction vérifie l'appel avant de le publier."),
        )
        return redirect("ressources:funding_calls")
    return render(
        request,
        "ressources/funding/call_suggest.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def partner_search_create(request, pk):
    call = _call_or_404(pk)
    check_search_partners_permission(request.viewer, call)
    form = PartnerSearchForm(
        request.POST, organizations=_organizations_of(request), prefix="partenaires"
    )
    if not form.is_valid():
        return _render_call(request, call, search_form=form, status=400)
    data = form.cleaned_data
    post_partner_search(
        call,
        member=request.user,
        data=data,
        disciplines=list(data["disciplines"]),
        provinces=list(data["provinces"]),
    )
    messages.success(request, _("Votre recherche de partenaires est publiée sur l'appel."))
    return redirect(reverse("ressources:funding_call", kwargs={"pk": call.pk}) + "#partenaires")


@login_required
@require_http_methods(["GET", "POST"])
def partner_search_answer(request, pk):
    search = get_object_or_404(
        PartnerSearch.objects.select_related("call", "author", "organization").exclude(
            call__status=FundingCall.Status.SUGGESTED
        ),
        pk=pk,
    )
    check_answer_partner_search_permission(request.viewer, search)
    form = PartnerAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conversation = answer_partner_search(
            search, member=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Votre message privé est envoyé."))
        return redirect(conversation)
    return render(
        request,
        "ressources/funding/partner_answer.html",
        {"search": search, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def followed(request):
    page = Paginator(funding_selectors.followed_calls(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "ressources/funding/followed.html", {"page": page})
