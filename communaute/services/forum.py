"""Writes in the community spaces: topics, replies, edits, deletions, memberships.

Each runs in one transaction. A reply locks its topic's row, so concurrent replies get
distinct positions and the counters stay exact. The site's forms ask for the gentle posting
limits (enforce_limits, see posting_limits.py); the demo content and scripts write without them.
"""

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.live import post_added
from communaute.mentions import link_mentions, mentioned_handles
from communaute.models import (
    Attachment,
    JoinRequest,
    Member,
    Post,
    PostLink,
    PostRevision,
    Reaction,
    ReadState,
    Space,
    SpaceMembership,
    Topic,
    TopicShare,
)
from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.forum import (
    can_animate_space,
    can_view_space,
    check_animate_space_permission,
    check_edit_post_permission,
    check_post_in_space_permission,
    check_reply_permission,
)
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from communaute.selectors.home import forget_every_home, forget_home
from communaute.selectors.members import member_by_address_or_handle
from communaute.services.files import store_files
from communaute.services.following import (
    announce_edit,
    announce_post,
    join_requested,
    reaction_added,
)
from communaute.services.posting_limits import check_edit_limits, check_posting_limits
from communaute.services.previews import queue_previews
from passerelles.core import search
from passerelles.core.files import ALT_TEXT_MAX_LENGTH, JoinedFile
from passerelles.core.markdown import render_markdown
from passerelles.core.slugs import slug_or


@dataclass(frozen=True, kw_only=True)
class SpaceContext:
    space: str


@dataclass(frozen=True, kw_only=True)
class JoinDecisionContext:
    space: str
    approved: bool


@dataclass(frozen=True, kw_only=True)
class InvitationAnswerContext:
    space: str
    accepted: bool


JOIN_REQUEST_DECIDED = register_kind(
    "join_request_decided",
    context=JoinDecisionContext,
    describe=lambda n, c: (
        (
            _("Vous faites maintenant partie de l'espace « %(space)s ».")
            if c.approved
            else _("Votre demande pour rejoindre l'espace « %(space)s » n'a pas été acceptée.")
        )
        % {"space": c.space}
    ),
    email_template="communaute/emails/join_request_decided",
    reason=lambda n, c: (
        _("vous avez demandé à rejoindre l'espace « %(space)s »") % {"space": c.space}
    ),
    # Someone waits for this answer: it leaves at once, even for digest readers.
    urgent=True,
)
SPACE_INVITATION = register_kind(
    "space_invitation",
    context=SpaceContext,
    describe=lambda n, c: (
        _("Vous êtes invité ou invitée à rejoindre l'espace « %(space)s ».") % {"space": c.space}
    ),
    email_template="communaute/emails/space_invitation",
    reason=lambda n, c: (
        _("une personne qui anime l'espace « %(space)s » vous y invite") % {"space": c.space}
    ),
    # An invitation waits for an answer: it leaves at once, even for digest readers.
    urgent=True,
)
SPACE_INVITATION_ANSWERED = register_kind(
    "space_invitation_answered",
    context=InvitationAnswerContext,
    describe=lambda n, c: (
        (
            _("Votre invitation à l'espace « %(space)s » a été acceptée.")
            if c.accepted
            else _("Votre invitation à l'espace « %(space)s » a été déclinée.")
        )
        % {"space": c.space}
    ),
)
SPACE_MEMBERSHIP_ENDED = register_kind(
    "space_membership_ended",
    context=SpaceContext,
    describe=lambda n, c: (
        _("Vous ne faites plus partie de l'espace « %(space)s ».") % {"space": c.space}
    ),
)


def _refresh_search_vector(post: Post) -> None:
    parts = [(Value(post.body), "B")]
    if post.position == 1:
        parts.insert(0, (Value(post.topic.title), "A"))
    Post.objects.filter(pk=post.pk).update(search_vector=search.document(*parts))


# The addresses of the links the rendered post holds. Read from the HTML rather than the text,
# a link has its card whether it was written [in Markdown](...) or pasted bare, and exactly the
# address the reader clicks: never the "**" around a bold one, nor one inside `code`. An IPv6
# literal ("http://[2001:db8::1]/") is read and checked like the rest (passerelles/core/unfurl.py
# refuses the non-public ones).
LINK_HREF = re.compile(r"<a\s[^>]*?href=\"(https?://[^\"]+)\"")


def _links_in_html(rendered: str) -> dict[str, None]:
    return dict.fromkeys(html.unescape(url) for url in LINK_HREF.findall(rendered))


def _links_in(body: str) -> dict[str, None]:
    return _links_in_html(render_markdown(body))


def _record_links(post: Post) -> None:
    """Every link written in a post goes to its space's library."""
    PostLink.objects.filter(post=post).delete()
    # From the stored HTML: mentions link to paths of this site, which are no http(s) links.
    urls = dict.fromkeys(url[:1000] for url in _links_in_html(post.body_html))
    PostLink.objects.bulk_create(PostLink(post=post, url=url) for url in urls)
    queue_previews(urls)


def post_html(body: str) -> str:
    """Markdown made safe, the @handles of active members linked to their profiles."""
    handles = mentioned_handles(body)
    profiles = {
        member.handle: member.get_absolute_url()
        for member in Member.objects.filter(handle__in=handles, is_active=True).only("handle")
    }
    return link_mentions(render_markdown(body), profiles)


def _add_post(
    topic: Topic,
    *,
    author: Member,
    body: str,
    reply_to: Post | None = None,
    attachments: Sequence[UploadedFile | JoinedFile] = (),
    token: str = "",
) -> Post:
    """Append a post to a topic whose row the caller holds locked."""
    now = timezone.now()
    post = Post.objects.create(
        topic=topic,
        position=topic.next_position,
        author=author,
        body=body,
        body_html=post_html(body),
        reply_to=reply_to,
        created_at=now,
        client_token=token,
    )
    Topic.objects.filter(pk=topic.pk).update(
        next_position=F("next_position") + 1,
        post_count=F("post_count") + 1,
        last_activity_at=now,
        last_poster=author,
    )
    # A hidden topic is out of its space's counters (moderation puts it back when restored).
    if topic.hidden_at is None:
        Space.objects.filter(pk=topic.space_id).update(
            post_count=F("post_count") + 1, last_activity_at=now
        )
    _refresh_search_vector(post)
    _record_links(post)
    store_files(lambda: Attachment(post=post), attachments)
    _read_own_post(post)
    return post


def _read_own_post(post: Post) -> None:
    """One's own post is never unread: its author, who had read up to it, has read it too
    (earlier posts they have not read stay unread)."""
    if post.position == 1:
        ReadState.objects.create(member=post.author, topic_id=post.topic_id, last_read_position=1)
    else:
        ReadState.objects.filter(
            member=post.author, topic_id=post.topic_id, last_read_position=post.position - 1
        ).update(last_read_position=post.position)
        # A bulk update sends no signal: the author's site home counts what they have not read.
        forget_home(post.author_id)


def _already_posted(author: Member, token: str) -> Post | None:
    if not token:
        return None
    return Post.objects.filter(author=author, client_token=token).select_related("topic").first()


@transaction.atomic
def create_topic(
    space: Space,
    *,
    author: Member,
    title: str,
    body: str,
    attachments: Sequence[UploadedFile | JoinedFile] = (),
    token: str = "",
    tags: Iterable[str] = (),
    enforce_limits: bool = False,
    typed: bool = True,
) -> tuple[Topic, Post]:
    """typed=False: the site writes the post at the member's request (posting_limits.py)."""
    viewer = Viewer.of(author)
    check_post_in_space_permission(viewer, space)
    # The member's row is the lock: the same form sent twice waits, then finds its first post.
    Member.objects.select_for_update().filter(pk=author.pk).first()
    earlier = _already_posted(author, token)
    if earlier is not None:
        return earlier.topic, earlier
    if enforce_limits:
        check_posting_limits(
            viewer,
            space=space,
            links=len(_links_in(body)),
            typed=typed,
            attachments=len(attachments),
        )
    topic = Topic.objects.create(
        space=space,
        title=title,
        # The id makes the address unique; the slug only makes it readable.
        slug=slug_or(title, "sujet", max_length=70),
        author=author,
    )
    if tags:
        topic.tags.add(*tags)
    Space.objects.filter(pk=space.pk).update(topic_count=F("topic_count") + 1)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    post = _add_post(topic, author=author, body=body, attachments=attachments, token=token)
    topic.refresh_from_db()
    announce_post(post)
    return topic, post


# Where a quick share lives when it goes to several spaces: the most widely readable one, so
# the pointers from the other spaces lead to a conversation their members can all read.
OPENNESS = [Space.Visibility.PUBLIC, Space.Visibility.MEMBERS, Space.Visibility.PRIVATE]


@transaction.atomic
def quick_share(
    *,
    author: Member,
    url: str,
    line: str,
    spaces: Sequence[Space],
    token: str = "",
    enforce_limits: bool = False,
) -> Topic:
    """A link and a line posted to one or several spaces at once: one conversation, pointed to
    from the other spaces (never copies that would split the discussion)."""
    if not spaces:
        raise PermissionDenied(_("Choisissez au moins un espace."))
    viewer = Viewer.of(author)
    for space in spaces:
        check_post_in_space_permission(viewer, space)
    home, *others = sorted(spaces, key=lambda space: (OPENNESS.index(space.visibility), space.name))
    topic, _post = create_topic(
        home,
        author=author,
        title=line,
        body=f"{line}\n\n<{url}>",
        token=token,
        enforce_limits=enforce_limits,
    )
    for space in others:
        share_topic(topic, member=author, space=space)
    return topic


@transaction.atomic
def reply(
    topic: Topic,
    *,
    author: Member,
    body: str,
    reply_to: Post | None = None,
    attachments: Sequence[UploadedFile | JoinedFile] = (),
    token: str = "",
    enforce_limits: bool = False,
) -> Post:
    topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
    viewer = Viewer.of(author)
    check_reply_permission(viewer, topic)
    if reply_to is not None and reply_to.topic_id != topic.pk:
        reply_to = None  # a quote from another topic is not a reply here
    earlier = _already_posted(author, token)
    if earlier is not None:
        return earlier
    if enforce_limits:
        check_posting_limits(
            viewer,
            space=topic.space,
            links=len(_links_in(body)),
            attachments=len(attachments),
        )
    post = _add_post(
        topic, author=author, body=body, reply_to=reply_to, attachments=attachments, token=token
    )
    announce_post(post)
    post_added(post)
    return post


@transaction.atomic
def edit_post(
    post: Post,
    *,
    editor: Member,
    body: str,
    alt_texts: Mapping[int, str] | None = None,
    enforce_limits: bool = False,
) -> Post:
    """The previous text is kept as a revision; the post shows it was edited. `alt_texts`: the
    words describing the post's images, by attachment id (empty: the file's name stands in)."""
    post = Post.objects.select_for_update().select_related("topic__space").get(pk=post.pk)
    viewer = Viewer.of(editor)
    check_edit_post_permission(viewer, post)
    _describe_images(post, alt_texts or {})
    if body == post.body:
        return post
    if enforce_limits:
        check_edit_limits(post, viewer=viewer, links=len(_links_in(body)))
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
    previous_body = post.body
    post.body = body
    post.body_html = post_html(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    _refresh_search_vector(post)
    _record_links(post)
    announce_edit(post, previous_body)
    return post


def _describe_images(post: Post, alt_texts: Mapping[int, str]) -> None:
    # Describing a picture better is no new version of the text: no revision, no "modifié".
    for image in post.attachments.filter(kind=Attachment.Kind.IMAGE, pk__in=list(alt_texts)):
        alt_text = " ".join(str(alt_texts[image.pk]).split())[:ALT_TEXT_MAX_LENGTH]
        if alt_text != image.alt_text:
            image.alt_text = alt_text
            image.save(update_fields=["alt_text"])


@transaction.atomic
def delete_post(post: Post, *, actor: Member) -> Post:
    """A tombstone: the thread stays readable and positions stay stable."""
    post = Post.objects.select_for_update().select_related("topic__space").get(pk=post.pk)
    check_edit_post_permission(Viewer.of(actor), post)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    refresh_last_poster(post.topic)
    forget_every_home()
    return post


def refresh_last_poster(topic: Topic) -> None:
    """The topic's last poster again, after its latest post may have left the members' view
    (deleted, hidden, restored): one UPDATE, in the caller's transaction."""
    latest = (
        Post.objects.filter(topic=OuterRef("pk"), deleted_at__isnull=True, hidden_at__isnull=True)
        .order_by("-position")
        .values("author")[:1]
    )
    Topic.objects.filter(pk=topic.pk).update(last_poster=Subquery(latest))


@transaction.atomic
def join_space(space: Space, *, member: Member, message: str = "") -> SpaceMembership | JoinRequest:
    """Open spaces are joined at once; a private one receives a request for its animators."""
    check_not_suspended(Viewer.of(member))
    membership = SpaceMembership.objects.filter(space=space, member=member).first()
    if membership is not None:
        return membership
    if space.visibility == Space.Visibility.PRIVATE:
        join_request, created = JoinRequest.objects.get_or_create(
            space=space,
            member=member,
            status=JoinRequest.Status.PENDING,
            defaults={"message": message},
        )
        if join_request.is_invitation:
            # Invited already: asking to join is accepting.
            answer_invitation(join_request, member=member, accept=True)
            return SpaceMembership.objects.get(space=space, member=member)
        if created:
            join_requested(join_request)
        return join_request
    membership, _created = SpaceMembership.objects.get_or_create(space=space, member=member)
    return membership


def _check_space_keeps_an_animator(membership: SpaceMembership) -> None:
    others = SpaceMembership.objects.filter(
        space_id=membership.space_id, role=SpaceMembership.Role.ANIMATOR
    ).exclude(pk=membership.pk)
    if membership.role == SpaceMembership.Role.ANIMATOR and not others.exists():
        raise PermissionDenied(
            _(
                "Un espace garde toujours au moins une personne qui l'anime : "
                "confiez-le d'abord à quelqu'un."
            )
        )


@transaction.atomic
def leave_space(space: Space, *, member: Member) -> None:
    """A member leaves; a space is never left without anyone to animate it."""
    membership = (
        SpaceMembership.objects.select_for_update().filter(space=space, member=member).first()
    )
    if membership is None:
        return
    _check_space_keeps_an_animator(membership)
    membership.delete()


@transaction.atomic
def invite_to_space(space: Space, *, actor: Member, member: Member) -> JoinRequest:
    """An animator invites a member, who then accepts or declines; a member who had already
    asked to join is simply accepted."""
    check_animate_space_permission(Viewer.of(actor), space)
    # The invited member's row is the lock: a pending request that does not exist yet locks
    # nothing, and the same invitation sent twice at once would break one_pending_join_request.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    if SpaceMembership.objects.filter(space=space, member=member).exists():
        raise PermissionDenied(
            _("%(name)s fait déjà partie de l'espace.") % {"name": member.public_name}
        )
    pending = (
        JoinRequest.objects.select_for_update()
        .filter(space=space, member=member, status=JoinRequest.Status.PENDING)
        .first()
    )
    if pending is not None:
        if pending.is_invitation:
            return pending
        return decide_join_request(pending, actor=actor, approve=True)
    invitation = JoinRequest.objects.create(space=space, member=member, invited_by=actor)
    notify(
        member,
        SPACE_INVITATION,
        url=reverse("communaute:invitations"),
        actor=actor,
        context=SpaceContext(space=space.name),
    )
    return invitation


def invite_quietly(space: Space, *, actor: Member, who: str) -> None:
    """Invite whoever answers to an address or a handle, and say nothing of what was found.

    The animator learns neither whether an account exists behind the address nor whose it is:
    an unknown address, a current member and someone who asked to join already leave nothing
    the animator can see; a member found receives the invitation and answers it privately."""
    check_animate_space_permission(Viewer.of(actor), space)
    member = member_by_address_or_handle(who)
    if member is None:
        return
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # see invite_to_space
        if (
            SpaceMembership.objects.filter(space=space, member=member).exists()
            or JoinRequest.objects.select_for_update()
            .filter(space=space, member=member, status=JoinRequest.Status.PENDING)
            .exists()
        ):
            # A member already, or invited already, or asking already (the animators decide
            # the request in its own list): accepting here would show who is behind the address.
            return
        invite_to_space(space, actor=actor, member=member)


@transaction.atomic
def answer_invitation(invitation: JoinRequest, *, member: Member, accept: bool) -> JoinRequest:
    invitation = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("space", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.member_id != member.pk or not invitation.is_invitation:
        raise PermissionDenied(_("Cette invitation ne vous est pas adressée."))
    if accept:
        check_not_suspended(Viewer.of(member))
        if invitation.invited_by is None or not can_animate_space(
            Viewer.of(invitation.invited_by), invitation.space
        ):
            # Whoever invited no longer animates the space: the door is no longer theirs to open.
            raise PermissionDenied(
                _("Cette invitation n'est plus valable : demandez à rejoindre l'espace.")
            )
    if invitation.status != JoinRequest.Status.PENDING:
        return invitation
    invitation.status = JoinRequest.Status.APPROVED if accept else JoinRequest.Status.DECLINED
    invitation.decided_by = member
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        SpaceMembership.objects.get_or_create(space=invitation.space, member=member)
    if invitation.invited_by is not None:
        notify(
            invitation.invited_by,
            SPACE_INVITATION_ANSWERED,
            url=reverse("communaute:space_members", kwargs={"slug": invitation.space.slug}),
            actor=member,
            context=InvitationAnswerContext(space=invitation.space.name, accepted=accept),
        )
    return invitation


@transaction.atomic
def set_space_role(space: Space, *, actor: Member, member: Member, role: str) -> SpaceMembership:
    check_animate_space_permission(Viewer.of(actor), space)
    membership = SpaceMembership.objects.select_for_update().get(space=space, member=member)
    if role != SpaceMembership.Role.ANIMATOR:
        _check_space_keeps_an_animator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def renew_join_link(space: Space, *, actor: Member) -> Space:
    """A new join link for the space; the one handed out before leads nowhere any more."""
    check_animate_space_permission(Viewer.of(actor), space)
    Space.objects.filter(pk=space.pk).update(join_link_version=F("join_link_version") + 1)
    space.refresh_from_db(fields=["join_link_version"])
    return space


@transaction.atomic
def remove_from_space(space: Space, *, actor: Member, member: Member) -> None:
    """The member is told, without a reason to argue with: they can ask to come back."""
    check_animate_space_permission(Viewer.of(actor), space)
    membership = SpaceMembership.objects.select_for_update().filter(space=space, member=member)
    membership = membership.first()
    if membership is None:
        return
    _check_space_keeps_an_animator(membership)
    membership.delete()
    notify(
        member,
        SPACE_MEMBERSHIP_ENDED,
        url=reverse("communaute:home"),
        actor=actor,
        context=SpaceContext(space=space.name),
    )


@transaction.atomic
def toggle_reaction(post: Post, *, member: Member, kind: str) -> bool:
    """One reaction of each kind per member and post: a second click takes it back."""
    post = Post.objects.select_related("topic__space").get(pk=post.pk)
    viewer = Viewer.of(member)
    check_not_suspended(viewer)
    if (
        post.is_deleted
        or not can_view_space(viewer, post.topic.space)
        or not member.is_authenticated
    ):
        raise PermissionDenied(_("Vous ne pouvez pas réagir à ce message."))
    # The member's row is the lock: clicks sent at once take turns, so each one either adds or
    # takes back, and only an added reaction tells the author.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    deleted, _details = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if not deleted:
        Reaction.objects.get_or_create(post=post, member=member, kind=kind)
        reaction_added(post, member, kind)
    return not deleted


@transaction.atomic
def decide_join_request(join_request: JoinRequest, *, actor: Member, approve: bool) -> JoinRequest:
    join_request = (
        JoinRequest.objects.select_for_update().select_related("space").get(pk=join_request.pk)
    )
    check_animate_space_permission(Viewer.of(actor), join_request.space)
    if join_request.status != JoinRequest.Status.PENDING:
        return join_request
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        SpaceMembership.objects.get_or_create(space=join_request.space, member=join_request.member)
    # Declined, the member may not open a private space: the notification leads home instead.
    space_url = reverse("communaute:space", kwargs={"slug": join_request.space.slug})
    notify(
        join_request.member,
        JOIN_REQUEST_DECIDED,
        url=space_url if approve else reverse("communaute:home"),
        actor=actor,
        context=JoinDecisionContext(space=join_request.space.name, approved=approve),
    )
    return join_request


@transaction.atomic
def share_topic(topic: Topic, *, member: Member, space: Space) -> TopicShare:
    """Point to a topic from another space the member may write in."""
    if space.pk == topic.space_id:
        raise PermissionDenied(_("Ce sujet est déjà dans cet espace."))
    if topic.hidden_at is not None:
        raise PermissionDenied(_("Un sujet masqué par la modération ne se partage pas."))
    viewer = Viewer.of(member)
    if not can_view_space(viewer, topic.space):
        raise PermissionDenied(_("Vous ne pouvez pas partager ce sujet."))
    check_post_in_space_permission(viewer, space)
    share, _created = TopicShare.objects.get_or_create(
        topic=topic, space=space, defaults={"shared_by": member}
    )
    return share
