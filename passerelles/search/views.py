from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from passerelles.core import search as registry

MAX_QUERY_LENGTH = 200
PER_GROUP = 5
PER_PAGE = 20


def search(request):
    """One search for the whole site: a few results per kind, or every result of one kind."""
    query = registry.clean_query(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    kind = request.GET.get("type", "")
    providers = registry.providers()
    selected = next((provider for provider in providers if provider.key == kind), None)
    context = {"query": query, "providers": providers, "selected": selected, "groups": []}
    if not query:
        return render(request, "search/search.html", context)
    for provider in [selected] if selected else providers:
        results = provider.search(query, request.user)
        if selected:
            page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
            hits, total = page.object_list, page.paginator.count
            context["page"] = page
            context["extra_query"] = urlencode({"q": query, "type": selected.key})
        else:
            hits, total = results.head(PER_GROUP)
        if total:
            context["groups"].append(
                {"provider": provider, "hits": hits, "total": total, "capped": results.capped}
            )
    context["total"] = sum(group["total"] for group in context["groups"])
    context["capped"] = any(group["capped"] for group in context["groups"])
    context["title"] = _("Résultats pour « %(query)s »") % {"query": query}
    return render(request, "search/search.html", context)
