"""The member directory: signed-in members only, members who chose to be listed."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from communaute.forms.directory import DirectoryFilterForm
from communaute.hooks import directory
from communaute.selectors import directory as directory_selectors


@login_required
def member_directory(request):
    form = DirectoryFilterForm(
        request.GET,
        organizations=directory.organization_choices(),
        skills=directory_selectors.skill_choices(),
    )
    filters = form.filters()
    members = directory_selectors.directory(
        name=filters.get("q", ""),
        discipline=filters.get("discipline", ""),
        province=filters.get("province", ""),
        organization_ids=directory.members_of(filters["organization"])
        if "organization" in filters
        else None,
        skill=filters.get("skill", ""),
    )
    page = Paginator(members, directory_selectors.MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communaute/directory/directory.html",
        {
            "form": form,
            "page": page,
            "is_filtered": bool(filters),
            "extra_query": urlencode(filters),
        },
    )
