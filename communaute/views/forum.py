"""The conversations: the community's home, topics and posts, reactions, files, a space's
library and sharing. Thin: reads in selectors/forum.py, writes in services/forum.py,
permissions in permissions/forum.py."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communaute.forms.forum import (
    BlankPostForm,
    PostEditForm,
    PostForm,
    QuickShareForm,
    TopicForm,
    split_tags,
)
from communaute.fragments import attach_shared_html, topic_page_key, topic_page_posts
from communaute.hooks.drafts import place_key
from communaute.models import Reaction
from communaute.permissions.access import (
    attachment_or_404,
    post_or_404,
    space_or_404,
    topic_key,
    topic_or_404,
)
from communaute.permissions.forum import (
    can_edit_post,
    can_post_in_space,
    check_edit_post_permission,
    check_post_in_space_permission,
)
from communaute.permissions.moderation import can_flag_post, can_moderate_space, can_see_hidden_post
from communaute.selectors import forum as selectors
from communaute.selectors import spaces as space_selectors
from communaute.selectors.drafts import UNKNOWN, show_draft
from communaute.selectors.home import member_part, member_part_keys
from communaute.selectors.moderation import page_posts_for
from communaute.selectors.reading import topic_reading
from communaute.services.drafts import discard_draft
from communaute.services.files import stored_file_response
from communaute.services.forum import (
    create_topic,
    delete_post,
    edit_post,
    quick_share,
    reply,
    share_topic,
    toggle_reaction,
)
from communaute.templatetags.members import DISCIPLINES_PART
from passerelles.core import read_ahead, shared_parts
from passerelles.core.forms import add_refusal, id_or_none
from passerelles.core.markdown import quoted
from passerelles.core.search import clean_query

# The community home's spaces, alike for every visitor (shared_parts).
VISITORS_HOME_KEY = "communityhome:visitors"


def _home_parts(request):
    """A member's pieces of the community home; the profile hint's too
    (templatetags/members.py), read with them."""
    mine = request.GET.get("filtre") == "mes-espaces"
    return (f"home-spaces:{mine}", "invitations", DISCIPLINES_PART)


def community_home_keys(request, member_id):
    if member_id is None:
        return [VISITORS_HOME_KEY]
    return member_part_keys(member_id, list(_home_parts(request)))


@read_ahead.declare(community_home_keys)
def community_home(request):
    user = request.user
    mine = user.is_authenticated and request.GET.get("filtre") == "mes-espaces"
    can_share, invitation_count = False, 0
    shared_parts.ahead(community_home_keys(request, user.pk))
    if user.is_authenticated:
        parts = _home_parts(request)
        spaces = member_part(user.pk, parts[0], lambda: selectors.spaces_for_home(user, mine=mine))
        # Unfiltered, the list holds every space the member sees: no second read of them.
        can_share = selectors.has_postable_space(request.viewer, None if mine else spaces)
        invitation_count = member_part(
            user.pk, "invitations", lambda: space_selectors.invitations_received(user).count()
        )
    else:
        # Alike for every visitor: kept (shared_parts), with the page's other entries.
        spaces = shared_parts.kept(VISITORS_HOME_KEY, lambda: selectors.spaces_for_home(user))
    return render(
        request,
        "communaute/forum/home.html",
        {
            "spaces": spaces,
            "mine": mine,
            "can_share": can_share,
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
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Votre lien est partagé."))
                return redirect(topic)
    else:
        chosen = [space for space in postable if space.slug == request.GET.get("espace")]
        form = QuickShareForm(
            spaces=postable,
            initial={"url": request.GET.get("url", "")[:1000], "spaces": chosen},
        )
    return render(
        request, "communaute/forum/share_link.html", {"form": form, "has_spaces": postable.exists()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request, slug):
    space = space_or_404(request.viewer, slug)
    check_post_in_space_permission(request.viewer, space)
    place = place_key("topic", space.pk)
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
        if not data["checked_similar"] and not data["attachments"]:
            similar = selectors.similar_topics(
                selectors.readable_space_ids(request.user), data["title"], data["body"]
            )
        if not similar:
            try:
                topic, _post = create_topic(
                    space,
                    author=request.user,
                    title=data["title"],
                    body=data["body"],
                    attachments=data["attachments"],
                    token=data["token"],
                    tags=split_tags(data["tags"]),
                    enforce_limits=True,
                )
            except ValidationError as refusal:
                # A posting limit: the form comes back with the text and the explanation.
                add_refusal(form, refusal)
                show_draft(form, request.user, place, return_url=request.get_full_path())
                return render(
                    request,
                    "communaute/forum/topic_form.html",
                    {"space": space, "form": form, "similar": []},
                    status=400,
                )
            discard_draft(request.user, place)
            messages.success(request, _("Votre sujet est publié."))
            return redirect(topic)
        # Shown once: the next submission publishes, whatever looks alike, with everything
        # typed (its one-time token too). No file to hand back: with one, there is no detour.
        form = TopicForm(initial={**data, "checked_similar": True})
    show_draft(form, request.user, place, return_url=request.get_full_path())
    return render(
        request,
        "communaute/forum/topic_form.html",
        {"space": space, "form": form, "similar": similar},
    )


# What the topic page reads of a topic with it.
TOPIC_PAGE_RELATED = ("poll",)


def _page_number(request):
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    # Past the last page is the last page (_render_topic): a huge number reads as one.
    return min(max(number, 1), 10**9)


def topic_page_keys(request, member_id, pk, **_address):
    """The topic and its page, kept for every reader, and what the member has of it: read in
    one round trip, with the member's session when it is known (read_ahead.declare). The
    address's slug changes none of them."""
    number = _page_number(request)
    return [
        topic_key(pk, TOPIC_PAGE_RELATED),
        topic_page_key(pk, number),
        *member_part_keys(member_id, [reading_part(pk, number)]),
    ]


@read_ahead.declare(topic_page_keys)
def topic_detail(request, pk, slug):
    number = _page_number(request)
    shared_parts.ahead(topic_page_keys(request, request.user.pk, pk))
    topic = topic_or_404(request.viewer, pk, related=TOPIC_PAGE_RELATED, kept=True)
    replying_to, quote = None, False
    target = id_or_none(request.GET.get("repondre"))
    if target is None:
        target, quote = id_or_none(request.GET.get("citer")), True
    if target is not None:
        replying_to = _answerable(request.viewer, selectors.post_of_topic(topic, target), topic)
    return _render_topic(request, topic, number, replying_to=replying_to, quote=quote)


def reading_part(pk, number):
    return f"reading:{pk}:{number}"


def _answerable(viewer, post, topic):
    """The post one may reply to or quote: never a post hidden from this reader."""
    if post is None:
        return None
    post.topic = topic
    return post if not post.is_hidden or can_see_hidden_post(viewer, post) else None


def _render_topic(request, topic, number, *, form=None, replying_to=None, quote=False, status=200):
    """The topic page; a refused reply comes back here with its form, on the last page."""
    pages = topic.page_count
    number = min(max(number, 1), pages)
    moderates = can_moderate_space(request.viewer, topic.space)
    posts, tags = topic_page_posts(topic, number)
    draft_place = place_key("reply", topic.pk)
    # Where the first post unread on arrival was, asked as this page is counted read.
    first_unread_url, reading = None, None
    if request.user.is_authenticated:
        reading = member_part(
            request.user.pk,
            reading_part(topic.pk, number),
            lambda: topic_reading(request.user, topic, [post.pk for post in posts], draft_place),
        )
        unread = selectors.mark_read(
            request.user, topic, posts[-1].position if posts else 0, reading=reading
        )
        first_unread_url = topic.get_position_url(unread) if unread else None
    # The last page shows what is added while it stays open (static/js/live.js), after the
    # last post of the page, shown or not.
    live_after = posts[-1].pk if number == pages and posts else None
    posts = _shown_to(
        request, posts, moderates=moderates, reactions=reading.reactions if reading else None
    )
    can_reply = can_post_in_space(request.viewer, topic.space) and not topic.is_locked
    draft = reading.draft if reading else UNKNOWN
    return_url = topic.get_page_url(pages) + "#reply-heading"
    if can_reply and form is None and replying_to is None and draft is None:
        form = BlankPostForm(place=draft_place, return_url=return_url)
    elif can_reply:
        if form is None:
            initial = {"reply_to": replying_to.pk if replying_to else None}
            if replying_to and quote:
                initial["body"] = quoted(replying_to.body)
            form = PostForm(initial=initial)
        show_draft(form, request.user, draft_place, return_url=return_url, draft=draft)
    return render(
        request,
        "communaute/forum/topic_detail.html",
        {
            "topic": topic,
            "space": topic.space,
            "posts": posts,
            "number": number,
            "pages": pages,
            "previous_url": topic.get_page_url(number - 1) if number > 1 else None,
            "next_url": topic.get_page_url(number + 1) if number < pages else None,
            "last_url": topic.get_page_url(pages),
            "form": form if can_reply else None,
            "replying_to": replying_to,
            "can_reply_here": can_reply,
            "can_react": request.user.is_authenticated,
            "first_unread_url": first_unread_url,
            "tags": tags,
            "can_moderate": moderates,
            "live_after": live_after if request.user.is_authenticated else None,
            "reading": reading,
        },
        status=status,
    )


def _shown_to(request, posts, *, moderates, reactions=None):
    """A topic's posts as this reader sees them: without the hidden ones they may not see,
    with what each post's actions and reactions need (`reactions`: the reader's own, when
    the page read them already)."""
    posts = page_posts_for(request.user, posts, moderates=moderates)
    for post in posts:
        post.can_edit = can_edit_post(request.viewer, post)
        post.can_flag = can_flag_post(request.viewer, post)
    attach_shared_html(posts)
    selectors.attach_reactions(posts, request.user, mine=reactions)
    return posts


@never_cache
@require_GET
def topic_new_posts(request, pk):
    """The posts added after ?apres=<post id>, as the topic's last page shows them: what
    static/js/live.js inserts on that page. 204 when there are none."""
    topic = topic_or_404(request.viewer, pk)
    after = id_or_none(request.GET.get("apres"))
    if after is None:
        return HttpResponseBadRequest(
            _("Paramètre « apres » invalide : le numéro du dernier message affiché.")
        )
    moderates = can_moderate_space(request.viewer, topic.space)
    posts = _shown_to(request, selectors.posts_after(topic, after), moderates=moderates)
    if not posts:
        return HttpResponse(status=204)
    return render(
        request,
        "communaute/forum/_new_posts.html",
        {
            "posts": posts,
            "topic": topic,
            "number": topic.page_count,
            "can_reply_here": can_post_in_space(request.viewer, topic.space)
            and not topic.is_locked,
            "can_react": request.user.is_authenticated,
            "can_moderate": moderates,
        },
    )


@login_required
@require_POST
def post_react(request, pk):
    return _react(request, post_or_404(request.viewer, pk), request.POST.get("kind", ""))


@login_required
@require_POST
def react(request):
    """The topic page's one reaction form: each post's buttons send "<post id>:<kind>", so the
    page carries one form and one token for all its posts."""
    post_id, _sep, kind = request.POST.get("reaction", "").partition(":")
    pk = id_or_none(post_id)
    if pk is None:
        raise Http404
    return _react(request, post_or_404(request.viewer, pk), kind)


def _react(request, post, kind):
    if kind not in Reaction.Kind.values:
        raise Http404
    mine = toggle_reaction(post, member=request.user, kind=kind)
    if request.headers.get("Accept") == "application/json":
        # The enhanced page (static/js/reactions.js) only needs the new count.
        count = selectors.reaction_count(post, kind)
        return JsonResponse({"kind": kind, "count": count, "mine": mine})
    return redirect(post.topic.get_position_url(post.position))


@login_required
@require_http_methods(["GET", "POST"])
def topic_reply(request, pk):
    topic = topic_or_404(request.viewer, pk)
    if request.method == "GET":
        # The address of a refused reply's page, opened again (its language link, a reload
        # after signing in): the form is at the foot of the topic.
        return redirect(topic.get_page_url(topic.page_count) + "#reply")
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        reply_to = None
        if form.cleaned_data["reply_to"]:
            # A post deleted since the form was shown still gets its answer.
            reply_to = _answerable(
                request.viewer,
                selectors.post_of_topic(topic, form.cleaned_data["reply_to"], include_deleted=True),
                topic,
            )
        try:
            post = reply(
                topic,
                author=request.user,
                body=form.cleaned_data["body"],
                reply_to=reply_to,
                attachments=form.cleaned_data["attachments"],
                token=form.cleaned_data["token"],
                enforce_limits=True,
            )
        except ValidationError as refusal:
            add_refusal(form, refusal)
        else:
            discard_draft(request.user, place_key("reply", topic.pk))
            return redirect(topic.get_position_url(post.position))
    # A refused reply is shown again on the last page, with what was typed.
    return _render_topic(request, topic, topic.page_count, form=form, status=400)


def post_permalink(request, pk):
    post = post_or_404(request.viewer, pk)
    return redirect(post.topic.get_position_url(post.position))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = post_or_404(request.viewer, pk)
    check_edit_post_permission(request.viewer, post)
    form = PostEditForm(
        request.POST if request.method == "POST" else None,
        initial={"body": post.body},
        images=selectors.post_images(post),
    )
    if request.method == "POST" and form.is_valid():
        try:
            edit_post(
                post,
                editor=request.user,
                body=form.cleaned_data["body"],
                alt_texts=form.alt_texts(),
                enforce_limits=True,
            )
        except ValidationError as refusal:
            add_refusal(form, refusal)
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


def attachment_download(request, pk, thumbnail=False):
    """Files go out only to people who may read the space: no public address exists."""
    return stored_file_response(attachment_or_404(request.viewer, pk), thumbnail=thumbnail)


def space_library(request, slug):
    space = space_or_404(request.viewer, slug)
    kind = request.GET.get("type", "")
    text = clean_query(request.GET.get("q", ""), 100)
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
@require_http_methods(["GET", "POST"])
def topic_share(request, pk):
    """Its own page rather than a form on every topic page: the list of spaces grows with the
    member's memberships, and the topic page is the forum's most read."""
    topic = topic_or_404(request.viewer, pk)
    if request.method == "GET":
        return render(
            request,
            "communaute/forum/topic_share.html",
            {
                "topic": topic,
                "space": topic.space,
                # A hidden topic is not shared (share_topic): no form the POST would refuse.
                "share_targets": (
                    [] if topic.hidden_at else selectors.spaces_to_share_into(request.viewer, topic)
                ),
            },
        )
    space = get_object_or_404(
        selectors.visible_spaces(request.user), pk=id_or_none(request.POST.get("space"))
    )
    share_topic(topic, member=request.user, space=space)
    messages.success(request, _("Le sujet est partagé dans « %(space)s ».") % {"space": space.name})
    return redirect(topic)
