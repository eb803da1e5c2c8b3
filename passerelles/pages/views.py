from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from passerelles.pages.forms import InitiativeSuggestionForm
from passerelles.pages.notifications import tell_editors


def suggest_initiative(request, index_page):
    """Members point the watch at something that exists; it waits as a draft for editors."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = InitiativeSuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            initiative = index_page.add_suggestion(request.user, **form.cleaned_data)
            tell_editors(initiative, actor=request.user)
        messages.success(
            request,
            _(
                "Merci ! L'équipe de rédaction va vérifier l'initiative "
                "avant de l'ajouter à la veille."
            ),
        )
        return redirect(index_page.url)
    return render(request, "pages/initiative_suggest.html", {"form": form, "page": index_page})
