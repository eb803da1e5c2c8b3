"""The community pages: spaces, topics, posts. Thin: read through forum_selectors, write
through services/forum.py, permissions from forum_permissions.py."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communaute.forms.forum import (
    InviteForm,
    JoinRequestForm,
    PostForm,
    QuickShareForm,
    TopicForm,
    split_tags,
)
from communaute.models import Attachment, JoinRequest, Post, Reaction, Space, SpaceMembership
from communaute.permissions.access import post_or_404, space_or_404, topic_or_404
from communaute.permissions.forum import (
    can_animate_space,
    can_edit_post,
    can_post_in_space,
    can_view_space,
    check_animate_space_permission,
    check_edit_post_permission,
    check_post_in_space_permission,
    is_space_member,
)
from communaute.permissions.moderation import can_flag_post, can_moderate_space, can_see_hidden_post
from communaute.selectors import forum as selectors
from communaute.selectors.moderation import page_posts_for
from communaute.services.forum import (
    answer_invitation,
    create_topic,
    decide_join_request,
    delete_post,
    edit_post,
    invite_to_space,
    join_space,
    leave_space,
    quick_share,
    remove_from_space,
    renew_join_link,
    reply,
    set_space_role,
    share_topic,
    toggle_reaction,
)
from passerelles.core.files import INLINE_TYPES
from passerelles.core.markdown import quoted


def topic_url(topic, page=1, position=None):
    url = reverse("communaute:topic", kwargs={"pk": topic.pk, "slug": topic.slug})
    if page > 1:
        url += f"?page={page}"
    if position:
        url += f"#message-{position}"
    return url


def community_home(request):
    spaces = selectors.with_unread_counts(
        selectors.visible_spaces(request.user), request.user
    ).order_by("name")
    mine = request.user.is_authenticated and request.GET.get("filtre") == "mes-espaces"
    if mine:
        spaces = spaces.filter(is_member=True)
    share_form, invitation_count = None, 0
    if request.user.is_authenticated:
        postable = selectors.postable_spaces(request.viewer)
        if postable:
            share_form = QuickShareForm(spaces=postable)
        invitation_count = JoinRequest.objects.filter(
            member=request.user, status=JoinRequest.Status.PENDING, invited_by__isnull=False
        ).count()
    return render(
        request,
        "communaute/forum/home.html",
        {
            "spaces": spaces,
            "mine": mine,
            "share_form": share_form,
            "invitation_count": invitation_count,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def share_link(request):
    """Quick share: also reachable as /communaute/partager/?url=…&espace=… from anywhere."""
    postable = selectors.postable_spaces(request.viewer)
    if request.method == "POST":
        form = QuickShareForm(request.POST, spaces=postable)
        if form.is_valid():
            data = form.cleaned_data
            try:
                topic = quick_share(
                    author=request.user,
                    url=data["url"],
                    line=data["line"],
                    spaces=list(data["spaces"]),
                    token=data["token"],
                    enforce_limits=True,
                )
            except ValidationError as refusal:
                # A posting limit: the form comes back with what was typed and why.
                form.add_error(None, refusal)
            else:
                messages.success(request, _("Votre lien est partagé."))
                return redirect(topic_url(topic))
    else:
        chosen = postable.filter(slug=request.GET.get("espace", ""))
        form = QuickShareForm(
            spaces=postable,
            initial={"url": request.GET.get("url", "")[:1000], "spaces": list(chosen)},
        )
    return render(
        request, "communaute/forum/share_link.html", {"form": form, "has_spaces": postable.exists()}
    )


def space_detail(request, slug):
    space = space_or_404(request.viewer, slug)
    only = request.GET.get("filtre", "")
    tag = request.GET.get("etiquette", "")[:60]
    moderates = can_moderate_space(request.viewer, space)
    topics = selectors.topics_of(space, request.user, only=only, tag=tag, include_hidden=moderates)
    page = Paginator(topics, selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    for topic in page.object_list:
        topic.url = topic_url(topic)
    return render(
        request,
        "communaute/forum/space_detail.html",
        {
            "space": space,
            "page": page,
            "only": only,
            "tag": tag,
            "shared": selectors.shared_into(space, request.user),
            "extra_query": urlencode(
                {k: v for k, v in (("filtre", only), ("etiquette", tag)) if v}
            ),
            "can_post": can_post_in_space(request.viewer, space),
            "is_member": is_space_member(request.viewer, space),
            "can_animate": can_animate_space(request.viewer, space),
            "can_moderate": moderates,
            "suspended": request.viewer.active_suspension is not None,
        },
    )


def _join(request, space, message=""):
    """Join or ask to join; True when the member is in, False when animators will decide."""
    result = join_space(space, member=request.user, message=message)
    if isinstance(result, JoinRequest):
        messages.success(
            request, _("Votre demande est envoyée aux personnes qui animent l'espace.")
        )
        return False
    messages.success(request, _("Vous faites maintenant partie de cet espace."))
    return True


@login_required
@require_POST
def space_join(request, slug):
    # Outsiders to a private space ask through its join link: here it does not exist for them.
    space = space_or_404(request.viewer, slug)
    _join(request, space, request.POST.get("message", "")[:1000])
    return redirect("communaute:space", slug=space.slug)


@require_http_methods(["GET", "POST"])
def space_join_link(request, token):
    """The link animators share: a private space's name and description, and a way to ask
    in. Nothing else of the space shows until its animators say yes."""
    space = selectors.space_from_join_token(token)
    if space is None:
        raise Http404
    if can_view_space(request.viewer, space):
        return redirect("communaute:space", slug=space.slug)
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        if form.is_valid():
            if _join(request, space, form.cleaned_data["message"]):
                return redirect("communaute:space", slug=space.slug)
            return redirect(request.path)
    pending = request.user.is_authenticated and (
        JoinRequest.objects.filter(
            space=space,
            member=request.user,
            status=JoinRequest.Status.PENDING,
            invited_by__isnull=True,
        ).exists()
    )
    return render(
        request,
        "communaute/forum/space_join_link.html",
        {
            "space": space,
            "form": form,
            "pending_request": pending,
            "suspended": request.viewer.active_suspension is not None,
        },
    )


@login_required
@require_POST
def space_leave(request, slug):
    space = space_or_404(request.viewer, slug)
    try:
        leave_space(space, member=request.user)
    except PermissionDenied as refusal:
        messages.error(request, refusal.args[0])
    else:
        messages.success(request, _("Vous avez quitté cet espace."))
    return redirect("communaute:space", slug=space.slug)


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request, slug):
    space = space_or_404(request.viewer, slug)
    check_post_in_space_permission(request.viewer, space)
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        # The facilitation dashboard links here with a prefilled invitation to a member.
        initial={
            "title": request.GET.get("titre", "")[:200],
            "body": request.GET.get("message", "")[:2000],
        },
    )
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A file cannot be handed back to the browser: with one, publish without the detour.
        if not data["checked_similar"] and not data["attachment"]:
            readable = selectors.visible_spaces(request.user).values_list("pk", flat=True)
            similar = selectors.similar_topics(list(readable), data["title"], data["body"])
        if not similar:
            try:
                topic, _post = create_topic(
                    space,
                    author=request.user,
                    title=data["title"],
                    body=data["body"],
                    attachment=data["attachment"],
                    token=data["token"],
                    tags=split_tags(data["tags"]),
                    enforce_limits=True,
                )
            except ValidationError as refusal:
                # A posting limit: the form comes back with the text and the explanation.
                form.add_error(None, refusal)
                return render(
                    request,
                    "communaute/forum/topic_form.html",
                    {"space": space, "form": form, "similar": []},
                    status=400,
                )
            messages.success(request, _("Votre sujet est publié."))
            return redirect(topic_url(topic))
        # Shown once: the next submission publishes, whatever looks alike, with everything
        # typed (its one-time token too). No file to hand back: with one, there is no detour.
        form = TopicForm(initial={**data, "checked_similar": True})
        for topic in similar:
            topic.url = topic_url(topic)
    return render(
        request,
        "communaute/forum/topic_form.html",
        {"space": space, "form": form, "similar": similar},
    )


def topic_detail(request, pk, slug):
    topic = topic_or_404(request.viewer, pk)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    replying_to, quote = None, False
    target = request.GET.get("repondre", "")
    if not target.isdigit():
        target, quote = request.GET.get("citer", ""), True
    if target.isdigit():
        replying_to = (
            Post.objects.filter(topic=topic, pk=target, deleted_at__isnull=True)
            .select_related("author")
            .first()
        )
        replying_to = _answerable(request.viewer, replying_to, topic)
    return _render_topic(request, topic, number, replying_to=replying_to, quote=quote)


def _answerable(viewer, post, topic):
    """The post one may reply to or quote: never a post hidden from this reader."""
    if post is None:
        return None
    post.topic = topic
    return post if not post.is_hidden or can_see_hidden_post(viewer, post) else None


def _render_topic(request, topic, number, *, form=None, replying_to=None, quote=False, status=200):
    """The topic page; a refused reply comes back here with its form, on the last page."""
    pages = selectors.page_count(topic)
    number = min(max(number, 1), pages)
    moderates = can_moderate_space(request.viewer, topic.space)
    posts = selectors.posts_page(topic, number)
    if request.user.is_authenticated and posts:
        selectors.mark_read(request.user, topic, posts[-1].position)
    posts = page_posts_for(request.user, posts, moderates=moderates)
    for post in posts:
        post.can_edit = can_edit_post(request.viewer, post)
        post.can_flag = can_flag_post(request.viewer, post)
    selectors.attach_reactions(posts, request.user)
    selectors.attach_previews(posts)
    can_reply = can_post_in_space(request.viewer, topic.space) and not topic.is_locked
    if can_reply and form is None:
        initial = {"reply_to": replying_to.pk if replying_to else None}
        if replying_to and quote:
            initial["body"] = quoted(replying_to.body)
        form = PostForm(initial=initial)
    return render(
        request,
        "communaute/forum/topic_detail.html",
        {
            "topic": topic,
            "space": topic.space,
            "posts": posts,
            "number": number,
            "pages": pages,
            "previous_url": topic_url(topic, number - 1) if number > 1 else None,
            "next_url": topic_url(topic, number + 1) if number < pages else None,
            "last_url": topic_url(topic, pages),
            "form": form if can_reply else None,
            "replying_to": replying_to,
            "share_targets": selectors.spaces_to_share_into(request.viewer, topic),
            "can_reply_here": can_reply,
            "can_react": request.user.is_authenticated,
            "first_unread_url": _first_unread_url(request.user, topic),
            "can_moderate": moderates,
        },
        status=status,
    )


def _first_unread_url(user, topic):
    if not user.is_authenticated:
        return None
    position = selectors.first_unread_position(user, topic)
    return topic_url(topic, selectors.page_of_position(position), position)


@login_required
@require_POST
def post_react(request, pk):
    post = post_or_404(request.viewer, pk)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        raise Http404
    mine = toggle_reaction(post, member=request.user, kind=kind)
    if request.headers.get("Accept") == "application/json":
        # The enhanced page (static/js/reactions.js) only needs the new count.
        count = Reaction.objects.filter(post=post, kind=kind).count()
        return JsonResponse({"kind": kind, "count": count, "mine": mine})
    return redirect(topic_url(post.topic, selectors.page_of_position(post.position), post.position))


@login_required
@require_POST
def topic_reply(request, pk):
    topic = topic_or_404(request.viewer, pk)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        reply_to = None
        if form.cleaned_data["reply_to"]:
            reply_to = _answerable(
                request.viewer,
                Post.objects.filter(topic=topic, pk=form.cleaned_data["reply_to"]).first(),
                topic,
            )
        try:
            post = reply(
                topic,
                author=request.user,
                body=form.cleaned_data["body"],
                reply_to=reply_to,
                attachment=form.cleaned_data["attachment"],
                token=form.cleaned_data["token"],
                enforce_limits=True,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect(
                topic_url(topic, selectors.page_of_position(post.position), post.position)
            )
    # A refused reply is shown again on the last page, with what was typed.
    return _render_topic(request, topic, selectors.page_count(topic), form=form, status=400)


def post_permalink(request, pk):
    post = post_or_404(request.viewer, pk)
    return redirect(topic_url(post.topic, selectors.page_of_position(post.position), post.position))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = post_or_404(request.viewer, pk)
    check_edit_post_permission(request.viewer, post)
    form = PostForm(request.POST if request.method == "POST" else None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            edit_post(
                post, editor=request.user, body=form.cleaned_data["body"], enforce_limits=True
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Votre message est modifié."))
            return redirect("communaute:post", pk=post.pk)
    return render(request, "communaute/forum/post_edit.html", {"post": post, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    post = post_or_404(request.viewer, pk)
    check_edit_post_permission(request.viewer, post)
    if request.method == "POST":
        delete_post(post, actor=request.user)
        messages.success(request, _("Le message est supprimé ; la conversation reste lisible."))
        return redirect("communaute:post", pk=post.pk)
    return render(request, "communaute/forum/post_delete.html", {"post": post})


MEMBERS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def space_members(request, slug):
    """The animators' page: who belongs to the space, who asks to join, who is invited."""
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    if request.method == "POST":
        join_request = get_object_or_404(
            JoinRequest, pk=request.POST.get("request"), space=space, invited_by__isnull=True
        )
        approve = request.POST.get("decision") == "approve"
        decide_join_request(join_request, actor=request.user, approve=approve)
        messages.success(
            request,
            _("La personne est ajoutée à l'espace.") if approve else _("La demande est refusée."),
        )
        return redirect("communaute:space_members", slug=space.slug)
    return _render_members(request, space, InviteForm())


@login_required
@require_POST
def space_join_link_renew(request, slug):
    space = space_or_404(request.viewer, slug)
    renew_join_link(space, actor=request.user)
    messages.success(request, _("Voici un nouveau lien : celui d'avant ne mène plus nulle part."))
    return redirect(reverse("communaute:space_members", kwargs={"slug": space.slug}) + "#join-link")


def _render_members(request, space, invite_form, status=200):
    pending = space.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "member", "invited_by"
    )
    memberships = space.memberships.select_related("member").order_by(
        "-role", "member__display_name", "pk"
    )
    return render(
        request,
        "communaute/forum/space_members.html",
        {
            "space": space,
            "page": Paginator(memberships, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
            "requests": pending.filter(invited_by__isnull=True).order_by("created_at"),
            "invitations": pending.filter(invited_by__isnull=False).order_by("created_at"),
            "invite_form": invite_form,
            "animator_role": SpaceMembership.Role.ANIMATOR,
            "join_link": request.build_absolute_uri(
                reverse(
                    "communaute:space_join_link",
                    kwargs={"token": selectors.join_link_token(space)},
                )
            )
            if space.visibility == Space.Visibility.PRIVATE
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def space_invite(request, slug):
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    form = InviteForm(request.POST)
    if form.is_valid():
        member = form.cleaned_data["who"]
        try:
            result = invite_to_space(space, actor=request.user, member=member)
        except PermissionDenied as refusal:
            form.add_error("who", refusal.args[0])
        else:
            if result.is_invitation:
                text = _("L'invitation est envoyée à %(name)s.")
            else:
                text = _("%(name)s avait demandé à rejoindre l'espace : c'est fait.")
            messages.success(request, text % {"name": member.public_name})
            return redirect("communaute:space_members", slug=space.slug)
    return _render_members(request, space, form, status=400)


def _space_member_or_404(space, member_pk):
    return get_object_or_404(
        SpaceMembership.objects.select_related("member"), space=space, member_id=member_pk
    )


@login_required
@require_POST
def space_member_role(request, slug, member_pk):
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    membership = _space_member_or_404(space, member_pk)
    role = request.POST.get("role")
    if role not in SpaceMembership.Role.values:
        return redirect("communaute:space_members", slug=space.slug)
    try:
        set_space_role(space, actor=request.user, member=membership.member, role=role)
    except PermissionDenied as refusal:
        messages.error(request, refusal.args[0])
    else:
        messages.success(
            request, _("Le rôle de %(name)s est changé.") % {"name": membership.member.public_name}
        )
    return redirect("communaute:space_members", slug=space.slug)


@login_required
@require_http_methods(["GET", "POST"])
def space_member_remove(request, slug, member_pk):
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    membership = _space_member_or_404(space, member_pk)
    if request.method == "POST":
        try:
            remove_from_space(space, actor=request.user, member=membership.member)
        except PermissionDenied as refusal:
            messages.error(request, refusal.args[0])
        else:
            messages.success(
                request,
                _("%(name)s ne fait plus partie de l'espace.")
                % {"name": membership.member.public_name},
            )
        return redirect("communaute:space_members", slug=space.slug)
    return render(
        request,
        "communaute/forum/space_member_remove.html",
        {"space": space, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    """The invitations a member received, to accept or decline."""
    pending = JoinRequest.objects.filter(
        member=request.user, status=JoinRequest.Status.PENDING, invited_by__isnull=False
    )
    if request.method == "POST":
        invitation = get_object_or_404(pending, pk=request.POST.get("invitation"))
        accept = request.POST.get("decision") == "accept"
        answer_invitation(invitation, member=request.user, accept=accept)
        if accept:
            messages.success(request, _("Bienvenue dans l'espace !"))
            return redirect("communaute:space", slug=invitation.space.slug)
        messages.success(request, _("L'invitation est déclinée."))
        return redirect("communaute:invitations")
    return render(
        request,
        "communaute/forum/invitations.html",
        {"invitations": pending.select_related("space", "invited_by").order_by("-created_at")},
    )


ATTACHMENT_POLICY = "sandbox; default-src 'none'"


def attachment_download(request, pk):
    """Files go out only to people who may read the space: no public address exists."""
    attachment = get_object_or_404(Attachment, pk=pk)
    post = post_or_404(request.viewer, attachment.post_id)
    if post.is_deleted:
        raise Http404
    # The type is the one detected at upload, never guessed from the member's file name.
    content_type = attachment.content_type
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=content_type not in INLINE_TYPES,
        filename=attachment.download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A member's file is never a page of this site: even rendered, it runs nothing and reaches
    # nothing. Set here, the site-wide policy middleware leaves it as is.
    response["Content-Security-Policy"] = ATTACHMENT_POLICY
    response["Cache-Control"] = "private, max-age=3600"
    return response


def space_library(request, slug):
    space = space_or_404(request.viewer, slug)
    kind = request.GET.get("type", "")
    text = " ".join(request.GET.get("q", "").split())[:100]
    items = selectors.library(
        space, kind=kind, text=text, include_hidden=can_moderate_space(request.viewer, space)
    )
    page = Paginator(items, selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communaute/forum/space_library.html",
        {
            "space": space,
            "page": page,
            "kind": kind,
            "text": text,
            "kinds": selectors.LIBRARY_KINDS,
            "extra_query": urlencode(
                {key: value for key, value in (("type", kind), ("q", text)) if value}
            ),
        },
    )


@login_required
@require_POST
def topic_share(request, pk):
    topic = topic_or_404(request.viewer, pk)
    target = request.POST.get("space", "")
    if not target.isdigit():
        raise Http404
    space = get_object_or_404(selectors.visible_spaces(request.user), pk=target)
    share_topic(topic, member=request.user, space=space)
    messages.success(request, _("Le sujet est partagé dans « %(space)s ».") % {"space": space.name})
    return redirect(topic_url(topic))
