"""In-site moderation: reporting a post, and the moderators' gestures on posts and topics.

Thin: permissions from moderation_permissions.py, writes through services/moderation.py.
A person who may not read the space gets a 404, as for every forum page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from communaute.forms.moderation import (
    FlagForm,
    MessageFlagDecisionForm,
    MessageFlagForm,
    ReasonForm,
    TopicModerationForm,
)
from communaute.models import Flag, MessageFlag, PrivateMessage
from communaute.permissions.access import post_or_404, topic_or_404
from communaute.permissions.moderation import (
    check_flag_post_permission,
    check_moderate_space_permission,
)
from communaute.permissions.reports import (
    check_flag_message_permission,
    check_review_message_flags_permission,
    takes_part,
)
from communaute.selectors import reports as report_selectors
from communaute.selectors.moderation import flag_detail_queryset, move_destinations
from communaute.services import moderation, reports


def _submit(form, write):
    """Run a service write for a valid form; its ValidationErrors go back onto the form."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def post_flag(request, pk):
    post = post_or_404(request.viewer, pk)
    check_flag_post_permission(request.viewer, post)
    form = FlagForm(request.POST if request.method == "POST" else None)
    result = {}

    def write(data):
        result["flag"], result["created"] = moderation.report_post(
            post, reporter=request.user, reason=data["reason"], comment=data["comment"]
        )

    if request.method == "POST" and _submit(form, write):
        if result["created"]:
            messages.success(
                request,
                _(
                    "Merci : l'équipe d'animation examinera ce message. Vous serez avisé ou "
                    "avisée de sa décision dans vos notifications."
                ),
            )
        else:
            messages.info(request, _("Vous avez déjà signalé ce message ; il sera examiné."))
        return redirect("communaute:post", pk=post.pk)
    return render(request, "communaute/moderation/post_flag.html", {"post": post, "form": form})


def _post_decision(request, pk, *, hide):
    post = post_or_404(request.viewer, pk)
    check_moderate_space_permission(request.viewer, post.topic.space)
    if post.is_deleted or post.is_hidden == hide:
        return redirect("communaute:post", pk=post.pk)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    service = moderation.hide_post if hide else moderation.restore_post

    def write(data):
        service(post, actor=request.user, reason=data["reason"])

    if request.method == "POST" and _submit(form, write):
        messages.success(
            request,
            _("Le message est masqué aux membres ; la personne qui l'a écrit est avisée.")
            if hide
            else _("Le message est de nouveau visible ; la personne qui l'a écrit est avisée."),
        )
        return redirect("communaute:post", pk=post.pk)
    return render(
        request,
        "communaute/moderation/post_decision.html",
        {"post": post, "form": form, "hide": hide},
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_hide(request, pk):
    return _post_decision(request, pk, hide=True)


@login_required
@require_http_methods(["GET", "POST"])
def post_restore(request, pk):
    return _post_decision(request, pk, hide=False)


@login_required
@require_http_methods(["GET", "POST"])
def flag_dismiss(request, pk):
    """The space's moderators close a report in the site too, not only in Django admin."""
    flag = get_object_or_404(flag_detail_queryset(), pk=pk)
    post = post_or_404(request.viewer, flag.post_id)
    check_moderate_space_permission(request.viewer, post.topic.space)
    dashboard = reverse("communaute:space_dashboard", kwargs={"slug": post.topic.space.slug})
    if flag.status != Flag.Status.OPEN:
        return redirect(dashboard)
    form = ReasonForm(request.POST if request.method == "POST" else None)

    def write(data):
        moderation.dismiss_flag(flag, actor=request.user, reason=data["reason"])

    if request.method == "POST" and _submit(form, write):
        messages.success(
            request, _("Le signalement est classé ; la personne qui l'a fait en est remerciée.")
        )
        return redirect(dashboard)
    return render(
        request,
        "communaute/moderation/flag_dismiss.html",
        {"flag": flag, "post": post, "form": form, "cancel_url": dashboard},
    )


TOPIC_WRITES = {
    TopicModerationForm.PIN: lambda topic, actor, data: moderation.set_topic_pinned(
        topic, actor=actor, pinned=True, reason=data["reason"]
    ),
    TopicModerationForm.UNPIN: lambda topic, actor, data: moderation.set_topic_pinned(
        topic, actor=actor, pinned=False, reason=data["reason"]
    ),
    TopicModerationForm.LOCK: lambda topic, actor, data: moderation.set_topic_locked(
        topic, actor=actor, locked=True, reason=data["reason"]
    ),
    TopicModerationForm.UNLOCK: lambda topic, actor, data: moderation.set_topic_locked(
        topic, actor=actor, locked=False, reason=data["reason"]
    ),
    TopicModerationForm.MOVE: lambda topic, actor, data: moderation.move_topic(
        topic, actor=actor, space=data["space"], reason=data["reason"]
    ),
}

TOPIC_DONE = {
    TopicModerationForm.PIN: gettext_lazy("Le sujet est épinglé."),
    TopicModerationForm.UNPIN: gettext_lazy("Le sujet n'est plus épinglé."),
    TopicModerationForm.LOCK: gettext_lazy("Le sujet est verrouillé."),
    TopicModerationForm.UNLOCK: gettext_lazy("Le sujet est de nouveau ouvert aux réponses."),
    TopicModerationForm.MOVE: gettext_lazy("Le sujet est déplacé."),
}


@login_required
@require_http_methods(["GET", "POST"])
def topic_moderate(request, pk):
    topic = topic_or_404(request.viewer, pk)
    check_moderate_space_permission(request.viewer, topic.space)
    spaces = move_destinations(request.viewer, topic)
    form = TopicModerationForm(
        request.POST if request.method == "POST" else None, topic=topic, spaces=spaces
    )

    def write(data):
        TOPIC_WRITES[data["action"]](topic, request.user, data)

    if request.method == "POST" and _submit(form, write):
        messages.success(request, str(TOPIC_DONE[form.cleaned_data["action"]]))
        return redirect(topic)
    return render(
        request, "communaute/moderation/topic_moderate.html", {"topic": topic, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def private_message_flag(request, pk):
    """A participant reports a message of their conversation to the moderators."""
    message = PrivateMessage.objects.select_related("author").filter(pk=pk).first()
    # Not in the conversation (any more) answers as a message that does not exist.
    if message is None or not takes_part(request.viewer, message):
        raise Http404
    check_flag_message_permission(request.viewer, message)
    form = MessageFlagForm(request.POST if request.method == "POST" else None)
    result = {}

    def write(data):
        result["flag"], result["created"] = reports.report_message(
            message, reporter=request.user, reason=data["reason"], comment=data["comment"]
        )

    back = reverse("communaute:conversation", kwargs={"pk": message.conversation_id})
    if request.method == "POST" and _submit(form, write):
        if result["created"]:
            messages.success(
                request,
                _(
                    "Merci : l'équipe de modération examinera ce message et les quelques "
                    "messages qui l'entourent, rien d'autre. Vous serez avisé ou avisée de sa "
                    "décision dans vos notifications."
                ),
            )
        else:
            messages.info(request, _("Vous avez déjà signalé ce message ; il sera examiné."))
        return redirect(f"{back}#message-{message.pk}")
    return render(
        request,
        "communaute/moderation/private_message_flag.html",
        {"message": message, "form": form, "cancel_url": back},
    )


@login_required
@require_GET
def message_reports(request):
    check_review_message_flags_permission(request.viewer)
    return render(
        request,
        "communaute/moderation/message_reports.html",
        {"flags": report_selectors.open_message_flags()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_report(request, pk):
    """One report: the message with the few around it, and the decision while it is open."""
    check_review_message_flags_permission(request.viewer)
    flag = get_object_or_404(report_selectors.message_flag_queryset(), pk=pk)
    is_open = flag.status == MessageFlag.Status.OPEN
    if request.method == "POST" and not is_open:
        return redirect("communaute:message_reports")
    form = MessageFlagDecisionForm(request.POST if request.method == "POST" else None)

    def write(data):
        reports.decide_message_flag(
            flag,
            actor=request.user,
            upheld=data["outcome"] == MessageFlagDecisionForm.UPHELD,
            note=data["note"],
        )

    if request.method == "POST" and _submit(form, write):
        messages.success(
            request, _("Le signalement est traité ; la personne qui l'a fait en est avisée.")
        )
        return redirect("communaute:message_reports")
    return render(
        request,
        "communaute/moderation/message_report.html",
        {
            "flag": flag,
            "context_messages": report_selectors.context_of(flag.message),
            "form": form,
        },
    )
