"""Private conversations: the inbox, a conversation, starting one, and what a participant
does there. Thin: reads in selectors/messaging.py, writes in services/messaging.py, who may
do what in permissions/messaging.py (a conversation one is not in answers 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communaute.forms.messaging import AddParticipantsForm, MessageForm, StartConversationForm
from communaute.hooks.drafts import place_key
from communaute.models import ConversationParticipant, Member
from communaute.permissions.messaging import can_write, message_attachment_or_404, place_or_404
from communaute.selectors import messaging as selectors
from communaute.selectors.drafts import show_draft
from communaute.services.drafts import discard_draft
from communaute.services.files import stored_file_response
from communaute.services.messaging import (
    add_participants,
    leave_conversation,
    mark_read,
    send_message,
    set_muted,
    start_conversation,
)
from passerelles.core.forms import add_refusal, id_or_none

CONVERSATIONS_PER_PAGE = 20


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), CONVERSATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for place in page.object_list:
        place.others = _others(place, request.user)
    return render(
        request,
        "communaute/messaging/inbox.html",
        {"page": page, "can_write": can_write(request.viewer)},
    )


def _others(place: ConversationParticipant, member: Member) -> list[Member]:
    return [p.member for p in place.conversation.present if p.member_id != member.pk]


def _recipient_of(value: str) -> Member | None:
    """?avec= names a member by id or by public identifier."""
    value = value.strip().lstrip("@")
    if not value:
        return None
    pk = id_or_none(value) if value.isdigit() else None
    lookup = {"pk": pk} if pk else {"handle": value}
    return Member.objects.filter(is_active=True, **lookup).first()


@login_required
@require_http_methods(["GET", "POST"])
def conversation_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = StartConversationForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                conversation, message = start_conversation(
                    request.user,
                    data["recipients"],
                    subject=data["subject"],
                    body=data["body"],
                    token=data["token"],
                    attachments=data["attachments"],
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as limit:
                # A daily limit: said next to the message, which is kept.
                add_refusal(form, limit)
            else:
                return redirect(_message_url(conversation.pk, message.pk))
        status = 400
    else:
        recipient = _recipient_of(request.GET.get("avec", "")[:100])
        if recipient is not None and recipient.pk == request.user.pk:
            recipient = None
        form = StartConversationForm(
            initial={"recipients": f"@{recipient.handle}" if recipient else ""}
        )
        status = 200
    return render(
        request,
        "communaute/messaging/start.html",
        {"form": form, "can_write": can_write(request.viewer)},
        status=status,
    )


def _message_url(conversation_id: int, message_id: int) -> str:
    return reverse("communaute:conversation", kwargs={"pk": conversation_id}) + (
        f"#message-{message_id}"
    )


def _render_conversation(
    request: HttpRequest,
    place: ConversationParticipant,
    *,
    form: MessageForm | None = None,
    add_form: AddParticipantsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    conversation = place.conversation
    paginator = Paginator(selectors.messages_of(conversation), selectors.MESSAGES_PER_PAGE)
    # The latest messages first come into view: the last page, unless another is asked for.
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    is_last_page = page.number == paginator.num_pages
    if is_last_page and status == 200:
        mark_read(conversation, member=request.user)
    everyone = selectors.participants(conversation)
    form = form or MessageForm()
    show_draft(
        form,
        request.user,
        place_key("message", conversation.pk),
        return_url=conversation.get_absolute_url() + "#reply-heading",
    )
    return render(
        request,
        "communaute/messaging/conversation.html",
        {
            "conversation": conversation,
            "place": place,
            "page": page,
            "is_last_page": is_last_page,
            "last_id": page.object_list[len(page.object_list) - 1].pk if page.object_list else 0,
            "present": [p for p in everyone if not p.has_left],
            "former": [p for p in everyone if p.has_left],
            "form": form,
            "add_form": add_form or AddParticipantsForm(),
            "can_write": can_write(request.viewer),
        },
        status=status,
    )


@login_required
@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_conversation(request, place_or_404(request.viewer, pk))


@login_required
@require_POST
def conversation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_or_404(request.viewer, pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = send_message(
                place.conversation,
                author=request.user,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
                attachments=form.cleaned_data["attachments"],
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            discard_draft(request.user, place_key("message", pk))
            return redirect(_message_url(pk, message.pk))
    # Refused: shown again under the latest messages, with what was typed.
    return _render_conversation(request, place, form=form, status=400)


@login_required
@require_POST
def conversation_add(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_or_404(request.viewer, pk)
    form = AddParticipantsForm(request.POST)
    if form.is_valid():
        try:
            added = add_participants(
                place.conversation, actor=request.user, members=form.cleaned_data["recipients"]
            )
        except PermissionDenied as refusal:
            form.add_error("recipients", str(refusal))
        else:
            if added:
                messages.success(
                    request,
                    _("Ajouté à la conversation : %(names)s.")
                    % {"names": ", ".join(member.public_name for member in added)},
                )
            return redirect("communaute:conversation", pk=pk)
    return _render_conversation(request, place, add_form=form, status=400)


@login_required
@require_POST
def conversation_mute(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_or_404(request.viewer, pk)
    muted = request.POST.get("muted") == "1"
    set_muted(place.conversation, member=request.user, muted=muted)
    messages.success(
        request,
        _("Conversation en sourdine : elle ne vous notifie plus.")
        if muted
        else _("Sourdine retirée : la conversation vous notifie de nouveau."),
    )
    return redirect("communaute:conversation", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_leave(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_or_404(request.viewer, pk)
    if request.method == "POST":
        leave_conversation(place.conversation, member=request.user)
        messages.success(request, _("Vous avez quitté la conversation."))
        return redirect("communaute:inbox")
    return render(request, "communaute/messaging/leave.html", {"conversation": place.conversation})


@never_cache
@login_required
@require_GET
def conversation_new_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """The live fragment: the messages after ?apres=<id>, as the page shows them."""
    place = place_or_404(request.viewer, pk)
    raw = request.GET.get("apres", "")
    after = 0 if raw == "0" else id_or_none(raw)
    if after is None:
        return HttpResponseBadRequest(_("Paramètre « apres » invalide."))
    new = selectors.messages_after(place.conversation, after)
    if not new:
        return HttpResponse(status=204)
    # The member sees them appear: they are read.
    mark_read(place.conversation, member=request.user, up_to=new[-1].pk)
    return render(request, "communaute/messaging/_messages.html", {"messages_list": new})


@login_required
@require_GET
def conversation_attachment(request: HttpRequest, pk: int, thumbnail: bool = False) -> HttpResponse:
    """A message's file goes out only to the conversation's present participants."""
    return stored_file_response(message_attachment_or_404(request.viewer, pk), thumbnail=thumbnail)
