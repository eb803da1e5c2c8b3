"""Spaces (communities of practice), their topics and posts, reactions and reading state.

Counters (posts per topic, last activity) live on the rows and are kept in the same
transaction as the write (communaute/services/forum.py), so list pages never count.
Authored content points at members with SET_NULL: a deleted account leaves its posts.
"""

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex, GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from communaute.models.files import StoredFile
from passerelles.core.images import validate_image
from passerelles.core.links import reversed_prefix
from passerelles.core.search import words_document

# A post's position fixes its page for good: permalinks and keyset pages both rely on it.
POSTS_PER_PAGE = 20


def page_of_position(position: int) -> int:
    return (position - 1) // POSTS_PER_PAGE + 1


def validate_cover(file):
    validate_image(file, max_bytes=5 * 1024 * 1024)


class Space(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public : tout le monde lit, les membres écrivent")
        MEMBERS = "members", _("Membres : les membres connectés lisent et écrivent")
        PRIVATE = "private", _("Privé : seuls les membres de l'espace le voient")

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    cover = models.ImageField(
        _("image de couverture"),
        upload_to="espaces/",
        blank=True,
        validators=[validate_cover],
        help_text=_(
            "Facultative. JPEG, PNG, WebP ou GIF, 5 Mo au plus ; elle est réduite et "
            "enregistrée en WebP."
        ),
    )
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Part of a private space's join link: raising it retires every link handed out before.
    join_link_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        indexes = [
            models.Index(fields=["visibility", "-last_activity_at"], name="space_activity_idx")
        ]

    def __str__(self):
        return self.name


class SpaceMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Membre")
        ANIMATOR = "animator", _("Animateur ou animatrice")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    # The member's own link to the space: it goes with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("membre depuis"), default=timezone.now)
    # Set when an animator welcomes the newcomer from the space's dashboard.
    welcomed_at = models.DateTimeField(_("accueilli le"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre d'un espace")
        verbose_name_plural = _("membres des espaces")
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="one_membership_per_space")
        ]

    def __str__(self):
        return f"{self.member} — {self.space}"


class JoinRequest(models.Model):
    """A member asks to join a private space and its animators decide; or, when an animator
    invited them (invited_by), the member decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Acceptée")
        DECLINED = "declined", _("Refusée")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invitation de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "member"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.member} → {self.space}"

    @property
    def is_invitation(self):
        return self.invited_by_id is not None


class Topic(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(max_length=80)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="topics"
    )
    tags = TaggableManager(verbose_name=_("étiquettes"), blank=True)
    is_pinned = models.BooleanField(_("épinglé"), default=False)
    is_locked = models.BooleanField(_("verrouillé"), default=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    # The author of the latest post members see, kept with every post, deletion and moderation
    # decision (services/forum.py): a topic list shows their face without a query per topic.
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Set when moderators hide the opening post: the whole topic leaves the members' lists.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The position the next post will take: positions make permalinks and keyset pages cheap.
    next_position = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        indexes = [
            # The topic list's order read backwards, with the id to break ties: its keyset pages
            # (a row comparison on these three columns) start right where they stop.
            models.Index(
                fields=["space", "is_pinned", "last_activity_at", "id"], name="topic_keyset_idx"
            ),
            models.Index(fields=["author", "-created_at"], name="topic_author_idx"),
            models.Index(fields=["space", "created_at"], name="topic_space_created_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # The slug converter only takes ASCII letters, digits, - and _: nothing to quote.
        prefix = reversed_prefix("communaute:topic", {"pk": 0, "slug": "x"}, "0-x/")
        return f"{prefix}{self.pk}-{self.slug}/"

    def get_page_url(self, page):
        url = self.get_absolute_url()
        return f"{url}?page={page}" if page > 1 else url

    def get_position_url(self, position):
        """Where the post at this position is read: its page, scrolled to it."""
        return f"{self.get_page_url(page_of_position(position))}#message-{position}"

    @property
    def page_count(self):
        return max(1, page_of_position(self.next_position - 1))

    @property
    def reply_count(self):
        # post_count counts the posts members see, the opening one included.
        return max(0, self.post_count - 1)


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    position = models.PositiveIntegerField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(pgettext_lazy("forum post", "message"), max_length=20000)
    body_html = models.TextField(editable=False)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by moderators (communaute/services/moderation.py): members no longer see it.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    # French full-text document (PostgreSQL): the first post also carries its topic's title.
    search_vector = SearchVectorField(null=True, editable=False)
    # The form's one-time token: a form sent twice (double click, reload) makes one post.
    client_token = models.CharField(max_length=36, blank=True, editable=False)

    class Meta:
        ordering = ["topic", "position"]
        verbose_name = pgettext_lazy("forum post", "message")
        verbose_name_plural = pgettext_lazy("forum post", "messages")
        constraints = [
            models.UniqueConstraint(fields=["topic", "position"], name="post_position_unique"),
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=~models.Q(client_token=""),
                name="post_client_token_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_author_idx"),
            models.Index(fields=["topic", "created_at"], name="post_topic_created_idx"),
            # « Quoi de neuf » reads the replies of a time window across many topics.
            models.Index(fields=["created_at"], name="post_created_idx"),
            # The search looks for a word's newest matches one range of ids at a time
            # (communaute/selectors/search.py): a few pages of BRIN narrow the GIN's matches
            # to that range before any row is read, whatever the range's size.
            BrinIndex(fields=["id"], name="post_id_brin", autosummarize=True),
        ]

    def __str__(self):
        return f"{self.topic} #{self.position}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class PostRevision(models.Model):
    """The text a post had before an edit: edits stay visible and traceable."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post", "created_at"]
        verbose_name = _("version d'un message")
        verbose_name_plural = _("versions des messages")

    def __str__(self):
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        THANKS = "merci", _("Merci")
        USEFUL = "utile", _("Utile")
        LIKE = "jaime", _("J'aime")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(_("type de réaction"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réaction")
        verbose_name_plural = _("réactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="one_reaction_of_a_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind} — {self.post}"


class ReadState(models.Model):
    """How far a member has read a topic: the last position seen."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="one_read_state_per_topic")
        ]

    def __str__(self):
        return f"{self.member} — {self.topic} ({self.last_read_position})"


class Attachment(StoredFile):
    """A file joined to a post, sent only to people who may read the space."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="attachment_kind_idx"),
            # The library's search (communaute/selectors/forum.py, library)
            GinIndex(words_document("original_name"), name="attachment_name_search_gin"),
        ]


class PostLink(models.Model):
    """A link found in a post, so the space's library lists it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lien partagé")
        verbose_name_plural = _("liens partagés")
        indexes = [GinIndex(words_document("url"), name="postlink_url_search_gin")]

    def __str__(self):
        return self.url


class TopicShare(models.Model):
    """A topic pointed to from another space: a reference that links back, never a copy."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="shares")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="shared_topics")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sujet partagé")
        verbose_name_plural = _("sujets partagés")
        constraints = [
            models.UniqueConstraint(fields=["topic", "space"], name="one_share_per_space")
        ]

    def __str__(self):
        return f"{self.topic} → {self.space}"
