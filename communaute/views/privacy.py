"""The privacy centre: who answers for personal information (public), and a member's consents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communaute.hooks.consents import get_purpose
from communaute.selectors import consents as selectors
from communaute.services.consents import set_consent
from passerelles.core.privacy import privacy_officer
from passerelles.core.retention import schedule


@require_GET
def privacy_centre(request):
    # Members find it among their account settings; visitors on a page of its own.
    context = {
        "officer": privacy_officer(),
        "layout": "base.html",
        "retention": [rule.summary for rule in schedule()],
    }
    if request.user.is_authenticated:
        context["layout"] = "allauth/layouts/manage.html"
        context["consents"] = selectors.consent_states(request.user)
        context["history"] = [
            {"record": record, "label": selectors.purpose_label(record.purpose)}
            for record in selectors.consent_history(request.user)
        ]
    return render(request, "communaute/members/privacy_centre.html", context)


@login_required
@require_POST
def consent_change(request, purpose):
    try:
        registered = get_purpose(purpose)
    except KeyError:
        raise Http404 from None
    given = request.POST.get("given") == "1"
    set_consent(request.user, registered.key, given, actor=request.user)
    if given:
        message = _("Votre consentement « %(purpose)s » est donné.")
    else:
        message = _("Votre consentement « %(purpose)s » est retiré, partout sur le portail.")
    messages.success(request, message % {"purpose": registered.label})
    return redirect(reverse("compte:privacy_centre") + f"#consent-{registered.key}")
