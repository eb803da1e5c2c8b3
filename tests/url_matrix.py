"""The site's addresses as a table: every URL pattern of the project, how to build a concrete
address for it from one shared data set, and what each role gets there.

tests/test_url_matrix.py checks the table against the resolver (a new view that the table does
not cover fails the suite) and every answer against the table; the hostile-input and race tests
reuse the same data set and addresses.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

ROLES = ("visitor", "member", "outsider", "suspended", "other_rep", "moderator", "owner")

# Classes of answer. A number is that status code exactly.
OK = 200
LOGIN = "login"  # 302 to the sign-in page with ?next= the address asked for
REDIRECT = "redirect"  # 302 (or 303) anywhere but the sign-in page
FORBIDDEN = 403
MISSING = 404
NOT_ALLOWED = 405
GONE = 410

# Patterns that are not the project's own views, each with why the matrix leaves them out.
# Matched on the start of the route (the admin's model pages carry the project's module names).
EXCLUDED_ROUTES = {
    # Django's admin: staff only, signed in through allauth with 2FA; its own access rules are
    # tested in tests/communaute/test_admin_access.py.
    "admin/": "Django admin",
    # Wagtail's editor interface: editors only, tested in tests/pages/test_editorial_permissions.py.
    "cms/": "Wagtail admin",
}
# ... or on the start of the view's dotted path (URLPattern.lookup_str).
EXCLUDED_VIEWS = {
    # allauth's sign-in, sign-up, password and 2FA pages: third-party views whose protections
    # (rate limits, enumeration, 2FA) are tested in tests/communaute/test_accounts.py;
    # test_url_matrix.py still asks each of them once for a 500.
    "allauth.": "allauth",
    # Wagtail's document serving and page passwords: the site publishes no documents through
    # Wagtail and uses no page passwords (both answer 404 without a matching row).
    "wagtail.documents.views.serve.": "Wagtail documents",
    "wagtail.views.authenticate_with_password": "Wagtail page passwords",
    "django.contrib.auth.views.LoginView": "Wagtail's fallback sign-in (allauth's is the one)",
    # The development server's media view exists only with DEBUG (never in tests or production);
    # tests/core/test_development_media.py covers it.
    "passerelles.core.views.development_media": "DEBUG only",
}


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself when the pattern has no name
    route: str
    view: str
    localized: bool  # under i18n_patterns: also served under /en/


def key_of(pattern: URLPattern, namespace: str | None, route: str) -> str:
    if pattern.name:
        return f"{namespace}:{pattern.name}" if namespace else pattern.name
    return route


def walk(resolver=None, prefix="", namespace=None, localized=False):
    """Every URLPattern under the resolver, depth first, with its full route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            is_locale = isinstance(entry.pattern, LocalePrefixPattern)
            route = prefix if is_locale else prefix + str(entry.pattern)
            yield from walk(entry, route, inner, localized or is_locale)
        else:
            route = prefix + str(entry.pattern)
            yield Route(key_of(entry, namespace, route), route, entry.lookup_str, localized)


def excluded_reason(route: Route) -> str | None:
    for start, reason in EXCLUDED_ROUTES.items():
        if route.route.startswith(start):
            return reason
    for start, reason in EXCLUDED_VIEWS.items():
        if route.view.startswith(start):
            return reason
    return None


def project_routes() -> list[Route]:
    return [route for route in walk() if excluded_reason(route) is None]


def third_party_routes(prefix: str) -> list[Route]:
    return [route for route in walk() if route.view.startswith(prefix)]


def expect(default, **roles):
    """What every role gets: the default, and the roles that differ."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return {role: roles.get(role, default) for role in ROLES}


# The usual shapes of an answer table.
PUBLIC = expect(OK)
SIGNED_IN = expect(OK, visitor=LOGIN)


@dataclass(frozen=True)
class Case:
    """One concrete address for a pattern, and what each role gets for GET and for POST.

    post=None: the view has no write of its own (POST either answers 405 or shows the page);
    the matrix then only checks that POST answers no 500 and asks a visitor to sign in where a
    GET does.
    """

    label: str
    url: object  # callable(world) -> str
    get: dict
    post: dict | None = None
    data: dict = field(default_factory=dict)


def url(name, **kwargs):
    """An address factory: kwargs may be callables of the world (its objects' ids)."""

    def build(world):
        values = {key: value(world) if callable(value) else value for key, value in kwargs.items()}
        return reverse(name, kwargs=values or None)

    return build


def attr(*path):
    def get(world):
        value = world
        for part in path:
            value = getattr(value, part)
        return value

    return get


MISSING_PK = 987_654


def new_posts_url(topic, after):
    pk = topic if isinstance(topic, int) else topic.pk
    return reverse("communaute:topic_new_posts", kwargs={"pk": pk}) + f"?apres={after}"


# A private address: visitors are asked to sign in, outsiders get the answer of a missing row.
PRIVATE_GET = expect(OK, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING)
# A missing row answers like the private one (nothing tells a stranger what exists).
ABSENT = expect(MISSING, visitor=LOGIN)
REQUIRE_POST = expect(NOT_ALLOWED, visitor=LOGIN)
# The roles that belong to neither of the world's spaces.
STRANGERS = ("outsider", "other_rep", "moderator")

# The link of the world's invitation (the service emails its token and keeps only a hash).
INVITATION_TOKEN = "jeton-de-l-invitation-du-monde"


TABLE = {
    # passerelles.core, search, Wagtail pages
    "health": [Case("", lambda w: "/sante/", PUBLIC, post=expect(NOT_ALLOWED))],
    # Live updates: members only, a 403 (not the sign-in page) for the script of a visitor's
    # page. The test client is WSGI: the stream answers 204 (poll), as under gunicorn.
    "live:stream": [
        Case("", url("live:stream"), expect(204, visitor=FORBIDDEN), post=expect(NOT_ALLOWED)),
        Case(
            "channels",
            lambda w: reverse("live:stream") + "?canaux=topic:1,nulle-part:2,conversation:x",
            expect(204, visitor=FORBIDDEN),
        ),
    ],
    "live:state": [
        Case("", url("live:state"), expect(OK, visitor=FORBIDDEN), post=expect(NOT_ALLOWED))
    ],
    "robots.txt": [Case("", lambda w: "/robots.txt", PUBLIC)],
    "sitemap.xml": [Case("", lambda w: "/sitemap.xml", PUBLIC)],
    "contact": [Case("", url("contact"), PUBLIC, post=expect(OK))],
    "search:search": [Case("", url("search:search"), PUBLIC)],
    "wagtail_serve": [
        Case("home", lambda w: "/", PUBLIC),
        Case("initiatives", lambda w: w.initiatives.url, PUBLIC),
        Case("propose", lambda w: f"{w.initiatives.url}proposer/", SIGNED_IN, post=SIGNED_IN),
        Case("missing", lambda w: "/pas-de-page-ici/", expect(MISSING)),
    ],
    # Account settings of our own
    "compte:welcome": [Case("", url("compte:welcome"), SIGNED_IN)],
    "compte:profile_edit": [Case("", url("compte:profile_edit"), SIGNED_IN, post=SIGNED_IN)],
    "compte:email_preferences": [
        Case("", url("compte:email_preferences"), SIGNED_IN, post=SIGNED_IN)
    ],
    "compte:blocked_members": [
        Case("", url("compte:blocked_members"), SIGNED_IN, post=expect(NOT_ALLOWED, visitor=LOGIN))
    ],
    # Reauthentication first: a fresh sign-in is asked for before the data or the deletion.
    "compte:data_export": [
        Case("", url("compte:data_export"), expect(REDIRECT, visitor=LOGIN), post=None)
    ],
    "compte:delete": [Case("", url("compte:delete"), expect(REDIRECT, visitor=LOGIN), post=None)],
    # Who answers for personal information is public; consents are each member's own, and a
    # suspended member keeps the rights the law gives them.
    "compte:privacy_centre": [
        Case("", url("compte:privacy_centre"), PUBLIC, post=expect(NOT_ALLOWED))
    ],
    "compte:consent_change": [
        Case(
            "",
            url("compte:consent_change", purpose="directory"),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
            data={"given": "0"},
        ),
        Case(
            "missing",
            url("compte:consent_change", purpose="nulle-part"),
            REQUIRE_POST,
            post=ABSENT,
            data={"given": "0"},
        ),
    ],
    # The community
    "communaute:home": [Case("", url("communaute:home"), PUBLIC)],
    "communaute:share_link": [Case("", url("communaute:share_link"), SIGNED_IN, post=None)],
    "communaute:space": [
        Case("public", url("communaute:space", slug="diffusion"), PUBLIC),
        Case("private", url("communaute:space", slug="cercle"), PRIVATE_GET),
        Case("missing", url("communaute:space", slug="nulle-part"), ABSENT),
    ],
    "communaute:space_join": [
        Case(
            "public",
            url("communaute:space_join", slug="diffusion"),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
        ),
        Case(
            "private",
            url("communaute:space_join", slug="cercle"),
            REQUIRE_POST,
            post=expect(
                REDIRECT,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                suspended=FORBIDDEN,
            ),
        ),
    ],
    "communaute:space_join_link": [
        Case(
            "private",
            lambda w: reverse("communaute:space_join_link", args=[w.join_token]),
            expect(REDIRECT, visitor=OK, outsider=OK, other_rep=OK, moderator=OK),
            post=expect(REDIRECT, visitor=LOGIN),
        ),
        Case(
            "forged",
            url("communaute:space_join_link", token="faux"),
            expect(MISSING),
            post=expect(MISSING),
        ),
    ],
    "communaute:space_leave": [
        Case(
            "public",
            url("communaute:space_leave", slug="diffusion"),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
        )
    ],
    "communaute:space_members": [
        Case(
            "private",
            url("communaute:space_members", slug="cercle"),
            expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=OK,
            ),
            # An empty decision names no request: 404, as for a request that does not exist.
            post=expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=MISSING,
            ),
        )
    ],
    "communaute:space_join_link_renew": [
        Case(
            "private",
            url("communaute:space_join_link_renew", slug="cercle"),
            REQUIRE_POST,
            post=expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=REDIRECT,
            ),
        )
    ],
    "communaute:space_invite": [
        Case(
            "private",
            url("communaute:space_invite", slug="cercle"),
            REQUIRE_POST,
            post=expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=400,
            ),
        )
    ],
    "communaute:space_member_role": [
        Case(
            "private",
            url("communaute:space_member_role", slug="cercle", member_pk=attr("member", "pk")),
            REQUIRE_POST,
            post=expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=REDIRECT,
            ),
        )
    ],
    "communaute:space_member_remove": [
        Case(
            "private",
            url("communaute:space_member_remove", slug="cercle", member_pk=attr("member", "pk")),
            expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=OK,
            ),
            post=expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=REDIRECT,
            ),
        )
    ],
    "communaute:invitations": [Case("", url("communaute:invitations"), SIGNED_IN, post=None)],
    "communaute:space_library": [
        Case("public", url("communaute:space_library", slug="diffusion"), PUBLIC),
        Case("private", url("communaute:space_library", slug="cercle"), PRIVATE_GET),
    ],
    "communaute:attachment": [
        Case("public", url("communaute:attachment", pk=attr("public_attachment", "pk")), PUBLIC),
        Case(
            "private",
            url("communaute:attachment", pk=attr("private_attachment", "pk")),
            PRIVATE_GET,
        ),
        Case("missing", url("communaute:attachment", pk=MISSING_PK), ABSENT),
    ],
    # The same view and checks; a file without a thumbnail (this PDF) goes out whole.
    "communaute:attachment_thumbnail": [
        Case(
            "public",
            url("communaute:attachment_thumbnail", pk=attr("public_attachment", "pk")),
            PUBLIC,
        ),
        Case(
            "private",
            url("communaute:attachment_thumbnail", pk=attr("private_attachment", "pk")),
            PRIVATE_GET,
        ),
        Case("missing", url("communaute:attachment_thumbnail", pk=MISSING_PK), ABSENT),
    ],
    "communaute:topic_create": [
        Case(
            "public",
            url("communaute:topic_create", slug="diffusion"),
            expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
            post=expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
        ),
        Case(
            "private",
            url("communaute:topic_create", slug="cercle"),
            expect(
                OK,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                suspended=FORBIDDEN,
            ),
        ),
    ],
    "communaute:topic": [
        Case(
            "public",
            lambda w: w.public_topic.get_absolute_url(),
            PUBLIC,
        ),
        Case("private", lambda w: w.private_topic.get_absolute_url(), PRIVATE_GET),
        Case("missing", url("communaute:topic", pk=MISSING_PK, slug="rien"), ABSENT),
    ],
    "communaute:topic_reply": [
        Case(
            "public",
            url("communaute:topic_reply", pk=attr("public_topic", "pk")),
            # Opened as a page (a refused reply's language link): the form at the topic's foot.
            expect(REDIRECT, visitor=LOGIN),
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
            data={"body": "Je serai là."},
        ),
        Case(
            "empty",
            url("communaute:topic_reply", pk=attr("public_topic", "pk")),
            # Opened as a page (a refused reply's language link): the form at the topic's foot.
            expect(REDIRECT, visitor=LOGIN),
            # An empty reply shows the topic again with the form's error, as a 400; the
            # form is checked before the suspension (nothing is written either way).
            post=expect(400, visitor=LOGIN),
        ),
        Case(
            "private",
            url("communaute:topic_reply", pk=attr("private_topic", "pk")),
            expect(REDIRECT, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
            data={"body": "Je serai là."},
            post=expect(
                REDIRECT,
                visitor=LOGIN,
                suspended=FORBIDDEN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
            ),
        ),
    ],
    # The posts added since ?apres=, for the topic page's live updates (static/js/live.js):
    # the topic page's own permission, 204 when nothing is new, 400 without a post id.
    "communaute:topic_new_posts": [
        Case(
            "new",
            lambda w: new_posts_url(w.public_topic, w.public_post.pk),
            PUBLIC,
            post=expect(NOT_ALLOWED),
        ),
        Case("none", lambda w: new_posts_url(w.public_topic, w.reply_post.pk), expect(204)),
        Case("bad", lambda w: new_posts_url(w.public_topic, "abc"), expect(400)),
        Case(
            "private",
            lambda w: new_posts_url(w.private_topic, w.private_post.pk),
            expect(204, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
            post=expect(NOT_ALLOWED),
        ),
        Case(
            "missing",
            lambda w: new_posts_url(MISSING_PK, 1),
            ABSENT,
            post=expect(NOT_ALLOWED),
        ),
    ],
    "communaute:topic_share": [
        Case(
            "public",
            url("communaute:topic_share", pk=attr("public_topic", "pk")),
            SIGNED_IN,
            post=None,
        )
    ],
    "communaute:post": [
        Case("public", url("communaute:post", pk=attr("public_post", "pk")), expect(REDIRECT)),
        Case(
            "private",
            url("communaute:post", pk=attr("private_post", "pk")),
            expect(REDIRECT, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
        ),
        Case("missing", url("communaute:post", pk=MISSING_PK), ABSENT),
    ],
    "communaute:post_edit": [
        Case(
            "own",
            url("communaute:post_edit", pk=attr("public_post", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=OK),
        ),
        Case(
            "private",
            url("communaute:post_edit", pk=attr("private_post", "pk")),
            expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=OK,
            ),
        ),
    ],
    "communaute:post_delete": [
        Case(
            "own",
            url("communaute:post_delete", pk=attr("reply_post", "pk")),
            # Moderators hide a post; only its author (and the space's animators) delete it.
            expect(FORBIDDEN, visitor=LOGIN, member=OK, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, member=REDIRECT, owner=REDIRECT),
        )
    ],
    "communaute:post_react": [
        Case(
            "public",
            url("communaute:post_react", pk=attr("public_post", "pk")),
            REQUIRE_POST,
            post=None,
        ),
        Case(
            "private",
            url("communaute:post_react", pk=attr("private_post", "pk")),
            REQUIRE_POST,
            post=None,
        ),
    ],
    # The topic page's one reaction form: the post and the kind come in the body.
    "communaute:react": [Case("", url("communaute:react"), REQUIRE_POST, post=None)],
    # Polls: the topic's author adds one; whoever may reply votes; its author and the
    # moderators close it. An empty vote names no answer: back to the poll with a message.
    "communaute:poll_edit": [
        Case(
            "public",
            url("communaute:poll_edit", pk=attr("public_topic", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=400),
        ),
        Case(
            "private",
            url("communaute:poll_edit", pk=attr("private_topic", "pk")),
            expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=OK,
            ),
            post=expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=400,
            ),
        ),
        Case("missing", url("communaute:poll_edit", pk=MISSING_PK), ABSENT, post=ABSENT),
    ],
    "communaute:poll_vote": [
        Case(
            "public",
            url("communaute:poll_vote", pk=attr("poll", "pk")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
        ),
        Case("missing", url("communaute:poll_vote", pk=MISSING_PK), REQUIRE_POST, post=ABSENT),
    ],
    "communaute:poll_close": [
        Case(
            "public",
            url("communaute:poll_close", pk=attr("poll", "pk")),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN, owner=REDIRECT, moderator=REDIRECT),
        )
    ],
    # Bookmarks: each member's own; an object the member may not see answers as a missing one.
    "communaute:bookmarks": [
        Case("", url("communaute:bookmarks"), SIGNED_IN, post=expect(NOT_ALLOWED, visitor=LOGIN))
    ],
    "communaute:bookmark_set": [
        Case(
            "public post",
            url("communaute:bookmark_set", kind="post", object_id=attr("public_post", "pk")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
        ),
        Case(
            "private post",
            url("communaute:bookmark_set", kind="post", object_id=attr("private_post", "pk")),
            REQUIRE_POST,
            post=expect(
                REDIRECT, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING
            ),
        ),
        Case(
            "need",
            url("communaute:bookmark_set", kind="need", object_id=attr("need", "pk")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
        ),
        Case(
            "unknown kind",
            url("communaute:bookmark_set", kind="nulle-part", object_id=1),
            REQUIRE_POST,
            post=ABSENT,
        ),
    ],
    # The topic page's one form for its posts: the post comes in the body.
    "communaute:bookmark_post": [
        Case("", url("communaute:bookmark_post"), REQUIRE_POST, post=expect(MISSING, visitor=LOGIN))
    ],
    "communaute:bookmark_reminder": [
        Case(
            "member's",
            url("communaute:bookmark_reminder", pk=attr("bookmark", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK),
            post=expect(MISSING, visitor=LOGIN, member=REDIRECT),
        )
    ],
    "communaute:bookmark_remove": [
        Case(
            "member's",
            url("communaute:bookmark_remove", pk=attr("bookmark", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK),
            post=expect(MISSING, visitor=LOGIN, member=REDIRECT),
        )
    ],
    "communaute:directory": [Case("", url("communaute:directory"), SIGNED_IN)],
    "communaute:post_flag": [
        Case(
            "public",
            url("communaute:post_flag", pk=attr("public_post", "pk")),
            expect(OK, visitor=LOGIN, owner=FORBIDDEN, suspended=FORBIDDEN),
            post=expect(OK, visitor=LOGIN, owner=FORBIDDEN, suspended=FORBIDDEN),
        )
    ],
    "communaute:post_hide": [
        Case(
            "public",
            url("communaute:post_hide", pk=attr("public_post", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, moderator=OK, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, moderator=OK, owner=OK),
        )
    ],
    "communaute:post_restore": [
        Case(
            "public",
            url("communaute:post_restore", pk=attr("public_post", "pk")),
            # The post is not hidden: its moderators are sent back to it.
            expect(FORBIDDEN, visitor=LOGIN, moderator=REDIRECT, owner=REDIRECT),
            post=None,
        )
    ],
    "communaute:topic_moderate": [
        Case(
            "public",
            url("communaute:topic_moderate", pk=attr("public_topic", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, moderator=OK, owner=OK),
            post=None,
        )
    ],
    "communaute:flag_dismiss": [
        Case(
            "public",
            url("communaute:flag_dismiss", pk=attr("flag", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, moderator=OK, owner=OK),
            post=None,
        )
    ],
    "communaute:space_dashboard": [
        Case(
            "public",
            url("communaute:space_dashboard", slug="diffusion"),
            expect(FORBIDDEN, visitor=LOGIN, moderator=OK, owner=OK),
        ),
        Case(
            "private",
            url("communaute:space_dashboard", slug="cercle"),
            expect(
                FORBIDDEN,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                owner=OK,
            ),
        ),
    ],
    "communaute:dashboard_pin": [
        Case(
            "public",
            url("communaute:dashboard_pin", slug="diffusion", pk=attr("public_topic", "pk")),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN, moderator=REDIRECT, owner=REDIRECT),
        )
    ],
    "communaute:dashboard_welcome": [
        Case(
            "public",
            url("communaute:dashboard_welcome", slug="diffusion", pk=attr("welcome", "pk")),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN, moderator=REDIRECT, owner=REDIRECT),
        )
    ],
    "communaute:member": [
        Case("", url("communaute:member", handle=attr("member", "handle")), SIGNED_IN),
        Case("missing", url("communaute:member", handle="personne"), ABSENT),
    ],
    # A monogram shows only the initials its address carries: the same image for everyone.
    "communaute:monogram": [
        Case(
            "",
            url("communaute:monogram", colour=0, letters="SG"),
            PUBLIC,
            post=expect(NOT_ALLOWED),
        ),
        Case(
            "not initials",
            url("communaute:monogram", colour=0, letters="sophie"),
            expect(MISSING),
            post=expect(NOT_ALLOWED),
        ),
        Case(
            "past the palette", url("communaute:monogram", colour=99, letters="SG"), expect(MISSING)
        ),
    ],
    # Blocking: any signed-in member but the person themselves (the outsider is the target);
    # a suspended member may still protect themselves.
    # Reporting a private message: its conversation's participants but its author; a
    # suspended participant files no report, anyone else finds no such message.
    "communaute:private_message_flag": [
        Case(
            "",
            url("communaute:private_message_flag", pk=attr("private_message", "pk")),
            expect(
                MISSING,
                visitor=LOGIN,
                member=OK,
                suspended=FORBIDDEN,
                owner=FORBIDDEN,
            ),
            post=expect(
                MISSING,
                visitor=LOGIN,
                member=REDIRECT,
                suspended=FORBIDDEN,
                owner=FORBIDDEN,
            ),
            data={"reason": "spam", "comment": ""},
        ),
        Case(
            "missing",
            url("communaute:private_message_flag", pk=MISSING_PK),
            ABSENT,
            post=ABSENT,
        ),
    ],
    # The moderators' queue of reported private messages, and nothing else of the inboxes.
    "communaute:message_reports": [
        Case(
            "",
            url("communaute:message_reports"),
            expect(FORBIDDEN, visitor=LOGIN, moderator=OK),
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        )
    ],
    "communaute:message_report": [
        Case(
            "",
            url("communaute:message_report", pk=attr("message_flag", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, moderator=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, moderator=REDIRECT),
            data={"outcome": "dismissed", "note": "Rien à redire."},
        ),
        Case(
            "missing",
            url("communaute:message_report", pk=MISSING_PK),
            expect(FORBIDDEN, visitor=LOGIN, moderator=MISSING),
            post=expect(FORBIDDEN, visitor=LOGIN, moderator=MISSING),
        ),
    ],
    "communaute:member_block": [
        Case(
            "",
            url("communaute:member_block", handle=attr("outsider", "handle")),
            expect(OK, visitor=LOGIN, outsider=FORBIDDEN),
            post=expect(REDIRECT, visitor=LOGIN, outsider=FORBIDDEN),
        ),
        Case("missing", url("communaute:member_block", handle="personne"), ABSENT, post=ABSENT),
    ],
    "communaute:member_unblock": [
        Case(
            "",
            url("communaute:member_unblock", handle=attr("outsider", "handle")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
        ),
        Case(
            "missing",
            url("communaute:member_unblock", handle="personne"),
            REQUIRE_POST,
            post=ABSENT,
        ),
    ],
    # The composer: its preview (any signed-in person, nothing is written) and the drafts.
    "communaute:composer_preview": [
        Case(
            "",
            url("communaute:composer_preview"),
            REQUIRE_POST,
            post=expect(OK, visitor=LOGIN),
            data={"body": "**Bonjour**", "mentions": "1"},
        )
    ],
    "communaute:drafts": [
        Case("", url("communaute:drafts"), SIGNED_IN, post=expect(NOT_ALLOWED, visitor=LOGIN))
    ],
    # A place nobody may write in (the valid places are tested in tests/communaute/
    # test_drafts.py): refused to everyone.
    "communaute:draft_save": [
        Case(
            "nowhere",
            url("communaute:draft_save"),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN),
            data={"place": "nulle-part:1", "body": "Bonjour"},
        )
    ],
    # No draft there: the confirmation page has nothing to ask, the list comes back.
    "communaute:draft_discard": [
        Case(
            "none",
            lambda w: reverse("communaute:draft_discard") + "?lieu=reply:1",
            expect(REDIRECT, visitor=LOGIN),
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
        )
    ],
    "communaute:mention_suggestions": [
        Case(
            "",
            url("communaute:mention_suggestions"),
            SIGNED_IN,
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        )
    ],
    "communaute:topic_follow": [
        Case(
            "public",
            url("communaute:topic_follow", pk=attr("public_topic", "pk")),
            REQUIRE_POST,
            post=None,
        ),
        Case(
            "private",
            url("communaute:topic_follow", pk=attr("private_topic", "pk")),
            REQUIRE_POST,
            post=expect(
                REDIRECT, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING
            ),
            data={"action": "follow"},
        ),
    ],
    "communaute:space_follow": [
        Case(
            "public",
            url("communaute:space_follow", slug="diffusion"),
            REQUIRE_POST,
            post=None,
        )
    ],
    "communaute:announcement_create": [
        Case(
            "public",
            url("communaute:announcement_create", slug="diffusion"),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=OK),
        )
    ],
    "communaute:announcement": [
        Case("public", url("communaute:announcement", pk=attr("announcement", "pk")), PUBLIC),
        Case("missing", url("communaute:announcement", pk=MISSING_PK), expect(MISSING)),
    ],
    "communaute:unsubscribe": [
        Case(
            "member's",
            lambda w: reverse("communaute:unsubscribe", args=[w.unsubscribe_token]),
            PUBLIC,
            post=None,
        ),
        Case("forged", url("communaute:unsubscribe", token="faux"), expect(MISSING), post=None),
    ],
    "communaute:notifications": [Case("", url("communaute:notifications"), SIGNED_IN, post=None)],
    "communaute:invite": [
        Case(
            "",
            url("communaute:invite"),
            expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
            data={"addresses": "quelquun@exemple.test", "action": "send"},
        )
    ],
    "communaute:invitations_sent": [
        Case("", url("communaute:invitations_sent"), SIGNED_IN, post=None)
    ],
    "communaute:invitation_revoke": [
        Case(
            "member's",
            url("communaute:invitation_revoke", pk=attr("invitation", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK),
            post=expect(MISSING, visitor=LOGIN, member=REDIRECT),
        ),
        Case(
            "missing",
            url("communaute:invitation_revoke", pk=2**40),
            ABSENT,
            post=ABSENT,
        ),
    ],
    "compte:invitation": [
        Case("pending", url("compte:invitation", token=INVITATION_TOKEN), PUBLIC, post=None),
        Case("forged", url("compte:invitation", token="faux"), expect(MISSING), post=None),
    ],
    "compte:invitation_refuse": [
        Case(
            "pending",
            url("compte:invitation_refuse", token=INVITATION_TOKEN),
            PUBLIC,
            post=PUBLIC,
        ),
        Case(
            "forged",
            url("compte:invitation_refuse", token="faux"),
            expect(MISSING),
            post=expect(MISSING),
        ),
    ],
    "communaute:whats_new": [
        Case("", url("communaute:whats_new"), SIGNED_IN, post=None),
        Case(
            "bad cursor",
            lambda w: reverse("communaute:whats_new") + "?apres=pas-un-curseur",
            expect(400, visitor=LOGIN),
        ),
    ],
    "communaute:whats_new_seen": [
        Case(
            "", url("communaute:whats_new_seen"), REQUIRE_POST, post=expect(REDIRECT, visitor=LOGIN)
        )
    ],
    "communaute:notification_open": [
        Case(
            "member's",
            url("communaute:notification_open", pk=attr("notification", "pk")),
            expect(MISSING, visitor=LOGIN, member=REDIRECT),
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        )
    ],
    "communaute:notification_read": [
        Case(
            "member's",
            url("communaute:notification_read", pk=attr("notification", "pk")),
            REQUIRE_POST,
            post=expect(MISSING, visitor=LOGIN, member=REDIRECT),
        )
    ],
    "communaute:notifications_read_all": [
        Case(
            "",
            url("communaute:notifications_read_all"),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
        )
    ],
    # Private conversations: the owner, the member and the suspended member are in
    # w.conversation; for anyone else it answers as a conversation that does not exist.
    "communaute:inbox": [
        Case("", url("communaute:inbox"), SIGNED_IN, post=expect(NOT_ALLOWED, visitor=LOGIN))
    ],
    "communaute:conversation_start": [
        Case(
            "",
            url("communaute:conversation_start"),
            SIGNED_IN,
            # Nobody writes to themselves; a suspended member's form says why it is refused.
            # Julien is not in the directory: only those who share a space (or a conversation)
            # with him may write to him, the others read "Impossible d'écrire à ce membre."
            post=expect(400, visitor=LOGIN, member=REDIRECT, owner=400, suspended=400),
            data={"recipients": "@julien-arsenault", "body": "Bonjour !"},
        ),
        Case(
            "with",
            lambda w: reverse("communaute:conversation_start") + f"?avec={w.owner.pk}",
            SIGNED_IN,
        ),
        Case(
            "empty",
            url("communaute:conversation_start"),
            SIGNED_IN,
            post=expect(400, visitor=LOGIN),
        ),
    ],
    "communaute:conversation": [
        Case(
            "",
            url("communaute:conversation", pk=attr("conversation", "pk")),
            PRIVATE_GET,
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        ),
        Case("missing", url("communaute:conversation", pk=MISSING_PK), ABSENT),
    ],
    "communaute:conversation_reply": [
        Case(
            "",
            url("communaute:conversation_reply", pk=attr("conversation", "pk")),
            REQUIRE_POST,
            post=expect(
                REDIRECT,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                suspended=400,
            ),
            data={"body": "Je serai là."},
        ),
        Case(
            "empty",
            url("communaute:conversation_reply", pk=attr("conversation", "pk")),
            REQUIRE_POST,
            post=expect(400, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
        ),
    ],
    "communaute:conversation_new_messages": [
        Case(
            "",
            lambda w: (
                reverse("communaute:conversation_new_messages", args=[w.conversation.pk])
                + "?apres=0"
            ),
            PRIVATE_GET,
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        ),
        Case(
            "nothing new",
            lambda w: (
                reverse("communaute:conversation_new_messages", args=[w.conversation.pk])
                + f"?apres={w.conversation.last_message_id}"
            ),
            expect(204, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
        ),
        Case(
            "bad",
            lambda w: (
                reverse("communaute:conversation_new_messages", args=[w.conversation.pk])
                + "?apres=abc"
            ),
            expect(400, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
        ),
    ],
    "communaute:conversation_add": [
        Case(
            "",
            url("communaute:conversation_add", pk=attr("conversation", "pk")),
            REQUIRE_POST,
            post=expect(
                REDIRECT,
                visitor=LOGIN,
                outsider=MISSING,
                other_rep=MISSING,
                moderator=MISSING,
                # Olivier is neither in the directory nor in a space or a conversation with
                # them: the participants cannot bring him in (tests/communaute/
                # test_messaging_safety.py covers additions that succeed).
                member=400,
                owner=400,
                suspended=400,
            ),
            data={"recipients": "@olivier-dehors"},
        )
    ],
    "communaute:conversation_mute": [
        Case(
            "",
            url("communaute:conversation_mute", pk=attr("conversation", "pk")),
            REQUIRE_POST,
            post=expect(
                REDIRECT, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING
            ),
            data={"muted": "1"},
        )
    ],
    "communaute:conversation_attachment": [
        Case(
            "",
            url("communaute:conversation_attachment", pk=attr("message_attachment", "pk")),
            PRIVATE_GET,
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        ),
        Case("missing", url("communaute:conversation_attachment", pk=MISSING_PK), ABSENT),
    ],
    "communaute:conversation_attachment_thumbnail": [
        Case(
            "",
            url(
                "communaute:conversation_attachment_thumbnail",
                pk=attr("message_attachment", "pk"),
            ),
            PRIVATE_GET,
            post=expect(NOT_ALLOWED, visitor=LOGIN),
        ),
        Case(
            "missing",
            url("communaute:conversation_attachment_thumbnail", pk=MISSING_PK),
            ABSENT,
        ),
    ],
    "communaute:conversation_leave": [
        Case(
            "",
            url("communaute:conversation_leave", pk=attr("conversation", "pk")),
            PRIVATE_GET,
            post=expect(
                REDIRECT, visitor=LOGIN, outsider=MISSING, other_rep=MISSING, moderator=MISSING
            ),
        )
    ],
    # Resources: catalogue, access requests, needs
    "ressources:catalogue": [Case("", url("ressources:catalogue"), PUBLIC)],
    "ressources:service_create": [
        Case(
            "",
            url("ressources:service_create"),
            expect(FORBIDDEN, visitor=LOGIN, other_rep=OK, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, other_rep=OK, owner=OK),
        )
    ],
    "ressources:service": [
        Case("published", url("ressources:service", slug=attr("service", "slug")), PUBLIC),
        Case(
            "draft",
            url("ressources:service", slug=attr("draft", "slug")),
            expect(MISSING, owner=OK),
        ),
        Case("missing", url("ressources:service", slug="aucun"), expect(MISSING)),
    ],
    "ressources:service_edit": [
        Case(
            "",
            url("ressources:service_edit", slug=attr("service", "slug")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=OK),
        )
    ],
    "ressources:service_publish": [
        Case(
            "",
            url("ressources:service_publish", slug=attr("draft", "slug")),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN, owner=REDIRECT),
        )
    ],
    "ressources:service_archive": [
        Case(
            "",
            url("ressources:service_archive", slug=attr("service", "slug")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=REDIRECT),
        )
    ],
    "ressources:request_create": [
        Case(
            "",
            url("ressources:request_create", slug=attr("service", "slug")),
            expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
            post=expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
        )
    ],
    "ressources:my_requests": [Case("", url("ressources:my_requests"), SIGNED_IN)],
    "ressources:request": [
        Case(
            "member's",
            url("ressources:request", pk=attr("access_request", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
            # Both sides write in the request: a message each (the organization may change
            # the status with it); nobody else learns that it exists.
            post=expect(MISSING, visitor=LOGIN, member=REDIRECT, owner=REDIRECT),
            data={"message": "Voici l'attestation."},
        ),
        Case(
            "empty",
            url("ressources:request", pk=attr("access_request", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
            # An empty message shows the request again with the form's error, as a 400.
            post=expect(MISSING, visitor=LOGIN, member=400, owner=400),
        ),
        Case(
            "closed",
            url("ressources:request", pk=attr("closed_request", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
            # Read-only once closed, for both sides.
            post=expect(MISSING, visitor=LOGIN, member=FORBIDDEN, owner=FORBIDDEN),
            data={"message": "Encore un mot."},
        ),
        Case("missing", url("ressources:request", pk=MISSING_PK), ABSENT),
    ],
    "ressources:request_manage": [
        Case(
            "member's",
            url("ressources:request_manage", pk=attr("access_request", "pk")),
            # The organization's side: the member who asked has their own page.
            expect(MISSING, visitor=LOGIN, owner=OK),
            post=expect(MISSING, visitor=LOGIN, owner=REDIRECT),
            data={"message": "Bien reçu, merci."},
        ),
        Case(
            "closed",
            url("ressources:request_manage", pk=attr("closed_request", "pk")),
            expect(MISSING, visitor=LOGIN, owner=OK),
            post=expect(MISSING, visitor=LOGIN, owner=FORBIDDEN),
            data={"message": "Encore un mot."},
        ),
        Case("missing", url("ressources:request_manage", pk=MISSING_PK), ABSENT),
    ],
    "ressources:request_close": [
        Case(
            "member's",
            url("ressources:request_close", pk=attr("access_request", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
            post=expect(MISSING, visitor=LOGIN, member=REDIRECT, owner=REDIRECT),
        ),
        Case(
            "closed",
            url("ressources:request_close", pk=attr("closed_request", "pk")),
            expect(MISSING, visitor=LOGIN, member=FORBIDDEN, owner=FORBIDDEN),
            post=expect(MISSING, visitor=LOGIN, member=FORBIDDEN, owner=FORBIDDEN),
        ),
        Case("missing", url("ressources:request_close", pk=MISSING_PK), ABSENT),
    ],
    "ressources:request_feed": [
        Case(
            "member's",
            lambda w: reverse("ressources:request_feed", args=[w.access_request.pk]) + "?apres=0",
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
        ),
        Case(
            "nothing new",
            lambda w: (
                reverse("ressources:request_feed", args=[w.access_request.pk])
                + f"?apres={w.request_attachment.event_id}"
            ),
            expect(MISSING, visitor=LOGIN, member=204, owner=204),
        ),
        Case(
            "bad after",
            lambda w: reverse("ressources:request_feed", args=[w.access_request.pk]) + "?apres=x",
            expect(MISSING, visitor=LOGIN, member=400, owner=400),
        ),
        Case("missing", url("ressources:request_feed", pk=MISSING_PK), ABSENT),
    ],
    "ressources:request_attachment": [
        Case(
            "member's",
            url("ressources:request_attachment", pk=attr("request_attachment", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
        ),
        Case("missing", url("ressources:request_attachment", pk=MISSING_PK), ABSENT),
    ],
    "ressources:request_attachment_thumbnail": [
        Case(
            "member's",
            url("ressources:request_attachment_thumbnail", pk=attr("request_attachment", "pk")),
            expect(MISSING, visitor=LOGIN, member=OK, owner=OK),
        ),
        Case("missing", url("ressources:request_attachment_thumbnail", pk=MISSING_PK), ABSENT),
    ],
    "ressources:manage": [
        Case("", url("ressources:manage"), expect(FORBIDDEN, visitor=LOGIN, other_rep=OK, owner=OK))
    ],
    "ressources:dashboard": [
        Case(
            "",
            url("ressources:dashboard"),
            expect(FORBIDDEN, visitor=LOGIN, other_rep=OK, owner=OK),
        )
    ],
    # Funding calls: public to read; any active member follows, suggests, looks for partners
    # and answers someone else's search (the author's refusal: tests/ressources/test_funding.py).
    "ressources:funding_calls": [Case("", url("ressources:funding_calls"), PUBLIC)],
    "ressources:funding_suggest": [
        Case(
            "",
            url("ressources:funding_suggest"),
            expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
            post=expect(400, visitor=LOGIN, suspended=FORBIDDEN),
        )
    ],
    "ressources:funding_followed": [Case("", url("ressources:funding_followed"), SIGNED_IN)],
    "ressources:funding_call": [
        Case("", url("ressources:funding_call", pk=attr("funding_call", "pk")), PUBLIC),
        Case("missing", url("ressources:funding_call", pk=MISSING_PK), expect(MISSING)),
        Case(
            "suggested",
            url("ressources:funding_call", pk=attr("suggested_call", "pk")),
            expect(MISSING),
        ),
    ],
    "ressources:funding_follow": [
        Case(
            "",
            url("ressources:funding_follow", pk=attr("funding_call", "pk")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
        ),
        Case(
            "missing",
            url("ressources:funding_follow", pk=MISSING_PK),
            REQUIRE_POST,
            post=ABSENT,
        ),
    ],
    "ressources:partner_search_create": [
        Case(
            "",
            url("ressources:partner_search_create", pk=attr("funding_call", "pk")),
            REQUIRE_POST,
            post=expect(400, visitor=LOGIN, suspended=FORBIDDEN),
        )
    ],
    "ressources:partner_search_answer": [
        Case(
            "",
            url("ressources:partner_search_answer", pk=attr("partner_search", "pk")),
            expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
            post=expect(400, visitor=LOGIN, suspended=FORBIDDEN),
        ),
        Case("missing", url("ressources:partner_search_answer", pk=MISSING_PK), ABSENT),
    ],
    "ressources:needs": [Case("", url("ressources:needs"), PUBLIC)],
    "ressources:need_create": [
        Case(
            "",
            url("ressources:need_create"),
            expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
            post=expect(OK, visitor=LOGIN, suspended=FORBIDDEN),
        )
    ],
    "ressources:my_needs": [Case("", url("ressources:my_needs"), SIGNED_IN)],
    "ressources:need_suggestions": [Case("", url("ressources:need_suggestions"), PUBLIC)],
    "ressources:need": [
        Case("", url("ressources:need", pk=attr("need", "pk")), PUBLIC),
        Case("missing", url("ressources:need", pk=MISSING_PK), expect(MISSING)),
    ],
    "ressources:need_join": [
        Case(
            "",
            url("ressources:need_join", pk=attr("need", "pk")),
            REQUIRE_POST,
            post=None,
        )
    ],
    "ressources:need_leave": [
        # The author's page asks to confirm; anyone else is sent back to the need.
        Case(
            "",
            url("ressources:need_leave", pk=attr("need", "pk")),
            expect(REDIRECT, visitor=LOGIN, owner=OK),
            post=None,
        )
    ],
    "ressources:need_conversation": [
        Case(
            "",
            url("ressources:need_conversation", pk=attr("need", "pk")),
            REQUIRE_POST,
            post=None,
        )
    ],
    # The need's author (owner) or a representative opens its poll.
    "ressources:need_poll": [
        Case(
            "",
            url("ressources:need_poll", pk=attr("need", "pk")),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN, owner=REDIRECT, other_rep=REDIRECT),
        )
    ],
    "ressources:need_mark_met": [
        Case(
            "",
            url("ressources:need_mark_met", pk=attr("need", "pk")),
            REQUIRE_POST,
            post=None,
        )
    ],
    "ressources:demand": [
        Case("", url("ressources:demand"), expect(FORBIDDEN, visitor=LOGIN, other_rep=OK, owner=OK))
    ],
    "ressources:portrait": [Case("", url("ressources:portrait"), PUBLIC)],
    "ressources:portrait_csv": [Case("", url("ressources:portrait_csv"), PUBLIC)],
    "ressources:feedback": [
        Case(
            "member's",
            lambda w: reverse("ressources:feedback", args=[w.feedback_token]),
            PUBLIC,
            post=expect(OK),
        ),
        Case("forged", url("ressources:feedback", token="faux"), expect(MISSING), post=None),
    ],
    "ressources:feedback_answer": [
        Case(
            "member's",
            lambda w: reverse("ressources:feedback_answer", args=[w.feedback_token, "oui"]),
            PUBLIC,
            post=None,
        ),
        Case(
            "unknown answer",
            lambda w: reverse("ressources:feedback_answer", args=[w.feedback_token, "peut-etre"]),
            expect(MISSING),
            post=None,
        ),
    ],
    "ressources:calendar": [
        Case("", url("ressources:calendar"), PUBLIC),
        Case(
            "filtered",
            lambda w: (
                reverse("ressources:calendar")
                + "?mois=2031-02&province=NB&discipline=nulle&participation=online&organisation=x"
            ),
            PUBLIC,
        ),
        Case("bad month", lambda w: reverse("ressources:calendar") + "?mois=99999-13", PUBLIC),
    ],
    # Representatives (owner, other_rep) hold gatherings for their organization; the owner also
    # animates the world's spaces. A plain member, a moderator of the Animation group, hold none.
    # Calendar clients fetch the feeds without a session: every role gets the visitor's feed.
    "ressources:calendar_feed": [Case("", url("ressources:calendar_feed"), PUBLIC)],
    "ressources:space_calendar_feed": [
        Case("public", url("ressources:space_calendar_feed", slug="diffusion"), PUBLIC),
        Case("private", url("ressources:space_calendar_feed", slug="cercle"), expect(MISSING)),
        Case("missing", url("ressources:space_calendar_feed", slug="nulle-part"), expect(MISSING)),
    ],
    "ressources:organization_calendar_feed": [
        Case(
            "",
            url("ressources:organization_calendar_feed", slug=attr("organization", "slug")),
            PUBLIC,
        ),
        Case(
            "missing",
            url("ressources:organization_calendar_feed", slug="aucune"),
            expect(MISSING),
        ),
    ],
    "ressources:my_calendar": [
        Case("", url("ressources:my_calendar"), SIGNED_IN, post=expect(REDIRECT, visitor=LOGIN))
    ],
    "ressources:my_calendar_feed": [
        Case(
            "member's",
            lambda w: reverse("ressources:my_calendar_feed", args=[w.calendar_token]),
            PUBLIC,
        ),
        Case(
            "forged",
            url("ressources:my_calendar_feed", token="pas-un-jeton"),
            expect(MISSING),
        ),
    ],
    "ressources:gathering_ics": [
        Case("", url("ressources:gathering_ics", pk=attr("gathering", "pk")), PUBLIC),
        Case(
            "private space",
            url("ressources:gathering_ics", pk=attr("private_gathering", "pk")),
            expect(OK, visitor=MISSING, **dict.fromkeys(STRANGERS, MISSING)),
        ),
        Case("missing", url("ressources:gathering_ics", pk=MISSING_PK), expect(MISSING)),
    ],
    "ressources:gathering_create": [
        Case(
            "",
            url("ressources:gathering_create"),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK, other_rep=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=OK, other_rep=OK),
        )
    ],
    "ressources:gathering": [
        Case("", url("ressources:gathering", pk=attr("gathering", "pk")), PUBLIC),
        Case(
            "private space",
            url("ressources:gathering", pk=attr("private_gathering", "pk")),
            expect(OK, visitor=MISSING, outsider=MISSING, other_rep=MISSING, moderator=MISSING),
        ),
        Case("missing", url("ressources:gathering", pk=MISSING_PK), expect(MISSING)),
    ],
    "ressources:gathering_edit": [
        Case(
            "",
            url("ressources:gathering_edit", pk=attr("gathering", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=OK),
        ),
        Case(
            "private space",
            url("ressources:gathering_edit", pk=attr("private_gathering", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK, **dict.fromkeys(STRANGERS, MISSING)),
        ),
        Case("missing", url("ressources:gathering_edit", pk=MISSING_PK), ABSENT, post=ABSENT),
    ],
    "ressources:gathering_cancel": [
        Case(
            "",
            url("ressources:gathering_cancel", pk=attr("gathering", "pk")),
            REQUIRE_POST,
            post=expect(FORBIDDEN, visitor=LOGIN, owner=REDIRECT),
        ),
        Case(
            "missing",
            url("ressources:gathering_cancel", pk=MISSING_PK),
            REQUIRE_POST,
            post=ABSENT,
        ),
    ],
    # Registering twice (the member is registered already) sends back to the page, as the
    # first time does; a suspended member registers nowhere.
    "ressources:gathering_register": [
        Case(
            "",
            url("ressources:gathering_register", pk=attr("gathering", "pk")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN, suspended=FORBIDDEN),
            data={"share_contact": "on"},
        ),
        Case(
            "private space",
            url("ressources:gathering_register", pk=attr("private_gathering", "pk")),
            REQUIRE_POST,
            post=expect(
                REDIRECT, visitor=LOGIN, suspended=FORBIDDEN, **dict.fromkeys(STRANGERS, MISSING)
            ),
        ),
        Case(
            "missing",
            url("ressources:gathering_register", pk=MISSING_PK),
            REQUIRE_POST,
            post=ABSENT,
        ),
    ],
    "ressources:gathering_unregister": [
        Case(
            "",
            url("ressources:gathering_unregister", pk=attr("gathering", "pk")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
        ),
        Case(
            "missing",
            url("ressources:gathering_unregister", pk=MISSING_PK),
            REQUIRE_POST,
            post=ABSENT,
        ),
    ],
    "ressources:gathering_registrations": [
        Case(
            "",
            url("ressources:gathering_registrations", pk=attr("gathering", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
            post=expect(FORBIDDEN, visitor=LOGIN, owner=OK),
        ),
        Case(
            "missing",
            url("ressources:gathering_registrations", pk=MISSING_PK),
            ABSENT,
            post=ABSENT,
        ),
    ],
    "ressources:gathering_attendance_csv": [
        Case(
            "",
            url("ressources:gathering_attendance_csv", pk=attr("gathering", "pk")),
            expect(FORBIDDEN, visitor=LOGIN, owner=OK),
        ),
        Case("missing", url("ressources:gathering_attendance_csv", pk=MISSING_PK), ABSENT),
    ],
    "ressources:organizations": [Case("", url("ressources:organizations"), PUBLIC)],
    "ressources:organization": [
        Case("", url("ressources:organization", slug=attr("organization", "slug")), PUBLIC),
        Case("missing", url("ressources:organization", slug="aucune"), expect(MISSING)),
    ],
    "ressources:organization_follow": [
        Case(
            "",
            url("ressources:organization_follow", slug=attr("organization", "slug")),
            REQUIRE_POST,
            post=expect(REDIRECT, visitor=LOGIN),
            data={"action": "follow"},
        ),
        Case(
            "missing",
            url("ressources:organization_follow", slug="aucune"),
            REQUIRE_POST,
            post=expect(MISSING, visitor=LOGIN),
        ),
    ],
}


class World:
    """The shared data set: one person per role and one object of each kind they meet."""


def _world_invitation(w):
    from communaute.models import Invitation
    from communaute.models.invitations import token_hash
    from communaute.services.invitations import invite_people

    invite_people(w.member, ["invitee@exemple.test"], space=w.public)
    invitation = Invitation.objects.get(email="invitee@exemple.test")
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(INVITATION_TOKEN))
    return invitation


def build_world():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communaute.models import Space, SpaceMembership
    from communaute.notifications.emails import unsubscribe_token
    from communaute.selectors.spaces import join_link_token
    from communaute.services.announcements import publish_announcement
    from communaute.services.bookmarks import set_aside
    from communaute.services.forum import create_topic, reply, toggle_reaction
    from communaute.services.messaging import start_conversation
    from communaute.services.moderation import report_post, suspend_member
    from communaute.services.polls import set_poll
    from communaute.services.reports import report_message
    from passerelles.pages.models import InitiativeIndexPage
    from ressources.services.access import (
        close_request,
        create_access_request,
        post_request_message,
    )
    from ressources.services.funding import post_partner_search, suggest_call
    from ressources.services.gatherings import calendar_feed_token, register
    from ressources.services.needs import ask_for_feedback, feedback_token
    from tests.communaute.factories import MemberFactory
    from tests.core.sample_files import minimal_pdf
    from tests.ressources.factories import (
        make_funding_call,
        make_gathering,
        make_need,
        make_organization,
        make_representative,
        make_service,
    )

    w = World()
    w.organization = make_organization("AAAPNB")
    w.owner = make_representative(w.organization, display_name="Julien Arsenault")
    w.other_rep = make_representative(make_organization("Culture pour tous"))
    w.member = MemberFactory(display_name="Sophie Gagnon")
    w.outsider = MemberFactory(display_name="Olivier Dehors")
    w.suspended = MemberFactory(display_name="Samuel Suspendu")
    w.moderator = MemberFactory(display_name="Maude Animation", roles=["Animation"])
    w.public = Space.objects.create(name="Diffusion", slug="diffusion", description="Des dates.")
    w.private = Space.objects.create(
        name="Cercle", slug="cercle", visibility=Space.Visibility.PRIVATE
    )
    for space in (w.public, w.private):
        SpaceMembership.objects.create(
            space=space, member=w.owner, role=SpaceMembership.Role.ANIMATOR
        )
        for person in (w.member, w.suspended):
            SpaceMembership.objects.create(space=space, member=person)
    w.welcome = SpaceMembership.objects.get(space=w.public, member=w.member)

    def pdf():
        return SimpleUploadedFile("compte-rendu.pdf", minimal_pdf(), "application/pdf")

    w.public_topic, w.public_post = create_topic(
        w.public, author=w.owner, title="Un camion", body="Qui part en avril ?", attachments=[pdf()]
    )
    w.public_attachment = w.public_post.attachments.get()
    w.reply_post = reply(w.public_topic, author=w.member, body="Moi, le 12.")
    w.private_topic, w.private_post = create_topic(
        w.private, author=w.owner, title="Entre nous", body="Le budget.", attachments=[pdf()]
    )
    w.private_attachment = w.private_post.attachments.get()
    toggle_reaction(w.reply_post, member=w.owner, kind="merci")
    w.notification = w.member.notifications.latest("pk")
    w.conversation, w.private_message = start_conversation(
        w.owner,
        [w.member, w.suspended],
        subject="Le camion",
        body="On part le 12 ?",
        attachments=[pdf()],
    )
    w.message_attachment = w.private_message.attachments.get()
    w.message_flag, _ = report_message(w.private_message, reporter=w.member, reason="spam")
    w.flag, _ = report_post(w.public_post, reporter=w.member, reason="spam")
    w.announcement = publish_announcement(
        w.public, author=w.owner, title="Assemblée", body="Le 3 mai."
    )
    suspend_member(w.suspended, actor=w.moderator, days=7, reason="Propos blessants")
    w.join_token = join_link_token(w.private)
    w.unsubscribe_token = unsubscribe_token(w.member)
    w.invitation = _world_invitation(w)
    w.service = make_service(w.organization, w.owner, title="Prêt d'équipements")
    w.draft = make_service(w.organization, w.owner, title="Un brouillon", publish=False)
    w.second_service = make_service(w.organization, w.owner, title="Une salle")
    w.access_request = create_access_request(
        w.service, member=w.member, data={"on_behalf": "self", "message": "Pour mai."}
    )
    w.feedback_token = feedback_token(ask_for_feedback(w.access_request))
    w.request_attachment = post_request_message(
        w.member, w.access_request, body="L'attestation d'assurance.", attachments=[pdf()]
    ).attachments.get()
    w.closed_request = create_access_request(
        w.second_service, member=w.member, data={"on_behalf": "self", "message": "Pour juin."}
    )
    close_request(w.closed_request, actor=w.owner)
    w.need = make_need(w.owner)
    w.funding_call = make_funding_call(make_organization("Conseil des arts du Canada"))
    # Written by someone outside the roles: an open search lets anyone write to its author,
    # which would change what the roles get at communaute:conversation_start.
    w.partner_search = post_partner_search(
        w.funding_call,
        member=MemberFactory(display_name="Paule Tournée"),
        data={"plan": "Une tournée"},
    )
    w.suggested_call = suggest_call(
        member=w.member,
        data={
            "funder_name": "CALQ",
            "program": "Une suggestion",
            "summary": "À vérifier.",
            "official_url": "https://example.org/",
            "for_artists": True,
        },
    )
    w.gathering = make_gathering(
        w.owner, organizer="organization", organization=w.organization, capacity=10
    )
    register(w.gathering, member=w.member)
    w.private_gathering = make_gathering(w.owner, organizer="space", space=w.private)
    w.calendar_token = calendar_feed_token(w.member)
    w.poll = set_poll(w.public_topic, member=w.owner, question="Quand ?", options=["Avril", "Mai"])
    set_aside(w.member, kind="post", object_id=w.public_post.pk, on=True)
    w.bookmark = w.member.bookmarks.get()
    w.initiatives = InitiativeIndexPage.objects.get()
    w.people = {role: getattr(w, role) for role in ROLES if role != "visitor"}
    w.people["visitor"] = None
    return w
