"""Topic polls: add or change a poll, vote, close. Thin: reads in selectors/polls.py, writes
in services/polls.py, permissions in permissions/polls.py. The poll itself is shown on the
topic page by the {% topic_poll %} tag (communaute/templatetags/polls.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communaute.forms.polls import PollForm
from communaute.models import Poll, PollVote
from communaute.permissions.access import topic_or_404
from communaute.permissions.polls import check_set_poll_permission
from communaute.selectors import polls as selectors
from communaute.services.polls import close_poll, set_poll, vote
from passerelles.core.forms import add_refusal, id_or_none

POLL_ANCHOR = "#sondage"


def _poll_or_404(request, pk):
    pk = id_or_none(pk)
    topic_id = Poll.objects.filter(pk=pk).values_list("topic_id", flat=True).first()
    if topic_id is None:
        raise Http404
    topic = topic_or_404(request.viewer, topic_id)
    return selectors.poll_of_topic(topic)


def _back_to_poll(topic):
    return redirect(topic.get_absolute_url() + POLL_ANCHOR)


@login_required
@require_http_methods(["GET", "POST"])
def poll_edit(request, pk):
    topic = topic_or_404(request.viewer, pk)
    poll = selectors.poll_of_topic(topic)
    has_votes = poll is not None and PollVote.objects.filter(poll=poll).exists()
    check_set_poll_permission(request.viewer, topic, has_votes=has_votes)
    if poll is not None:
        initial = {
            "question": poll.question,
            "options": "\n".join(option.label for option in poll.options.all()),
            "multiple": poll.multiple,
            "closes_at": poll.closes_at,
            "results": poll.results,
        }
    else:
        # A need's page opens its conversation's poll with a question to start from.
        initial = {"question": request.GET.get("question", "")[:200]}
    form = PollForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_poll(
                topic,
                member=request.user,
                question=data["question"],
                options=data["options"],
                multiple=data["multiple"],
                closes_at=data["closes_at"],
                results=data["results"],
            )
        except ValidationError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Le sondage est en place en haut du sujet."))
            return _back_to_poll(topic)
    return render(
        request,
        "communaute/polls/poll_form.html",
        {"topic": topic, "space": topic.space, "form": form, "poll": poll},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def poll_vote(request, pk):
    poll = _poll_or_404(request, pk)
    chosen = [id_or_none(value) for value in request.POST.getlist("option")]
    try:
        changed = vote(poll, member=request.user, option_ids=[pk for pk in chosen if pk])
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return _back_to_poll(poll.topic)
    if changed:
        messages.success(request, _("Votre vote est enregistré."))
    else:
        messages.info(request, _("Votre vote était déjà enregistré."))
    return _back_to_poll(poll.topic)


@login_required
@require_POST
def poll_close(request, pk):
    poll = _poll_or_404(request, pk)
    close_poll(poll, actor=request.user)
    messages.success(request, _("Le sondage est clos : ses résultats sont visibles de tous."))
    return _back_to_poll(poll.topic)
