"""The anonymous visitors' page cache (passerelles/core/page_cache.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from communaute.services.forum import create_topic, reply
from communaute.services.moderation import hide_post
from passerelles.core import page_cache
from passerelles.core.middleware import PUBLIC_POLICY
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    page_cache.local_copies.clear()
    yield
    page_cache.local_copies.clear()


@pytest.fixture
def local_copies(settings, monkeypatch):
    """The production setting: the process keeps its copies, with a clock the test moves."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    clock = {"monotonic": 1000.0, "time": page_cache.time.time()}
    # The time module itself: the shared cache (locmem here) ages its entries by the same clock.
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock["monotonic"])
    monkeypatch.setattr(page_cache.time, "time", lambda: clock["time"])

    def advance(seconds):
        clock["monotonic"] += seconds
        clock["time"] += seconds

    return advance


@pytest.fixture
def shared_cache_calls(monkeypatch):
    """Counts the round trips to the shared cache (Redis in production)."""
    calls = []
    for name in ("get", "get_many"):
        original = getattr(page_cache.cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(page_cache.cache, name, counted)
    return calls


@pytest.fixture
def topic(member, committing):
    topic, _post = committing(
        create_topic, make_space(), author=member, title="Tournée", body="Premier message"
    )
    return topic


def test_the_second_anonymous_visit_is_served_from_the_cache(client, topic):
    url = topic.get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    assert first[page_cache.HEADER] == "miss"
    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content
    assert "Premier message" in second.content.decode()


def test_a_hit_runs_no_query(client, topic, django_assert_num_queries):
    url = topic.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url)[page_cache.HEADER] == "hit"


def test_a_reply_shows_to_visitors_as_soon_as_it_is_posted(client, topic, committing):
    url = topic.get_absolute_url()
    client.get(url)
    committing(reply, topic, author=MemberFactory(), body="Une réponse toute fraîche")
    response = client.get(url)
    assert response[page_cache.HEADER] == "miss"
    assert "Une réponse toute fraîche" in response.content.decode()


def test_a_hidden_post_disappears_for_visitors(client, topic, committing):
    spam = committing(reply, topic, author=MemberFactory(), body="Achetez maintenant")
    url = topic.get_absolute_url()
    assert "Achetez maintenant" in client.get(url).content.decode()
    moderator = MemberFactory(is_superuser=True)
    committing(hide_post, spam, actor=moderator, reason="Publicité")
    assert "Achetez maintenant" not in client.get(url).content.decode()


def test_the_community_home_and_the_space_page_see_a_new_topic(client, topic, member, committing):
    home = reverse("communaute:home")
    space = reverse("communaute:space", kwargs={"slug": topic.space.slug})
    client.get(home)
    client.get(space)
    committing(create_topic, topic.space, author=member, title="Résidence", body="Appel")
    assert client.get(home)[page_cache.HEADER] == "miss"
    assert "Résidence" in client.get(space).content.decode()


def test_a_member_never_receives_the_visitors_page(client, topic, member):
    url = topic.get_absolute_url()
    client.get(url)
    assert client.get(url)[page_cache.HEADER] == "hit"
    client.force_login(member)
    response = client.get(url)
    assert page_cache.HEADER not in response
    assert member.display_name in response.content.decode()


def test_a_members_page_is_never_stored_for_visitors(client, topic):
    reader = MemberFactory(display_name="Lectrice Assidue")
    url = topic.get_absolute_url()
    client.force_login(reader)
    client.get(url)
    client.logout()
    client.cookies.clear()
    response = client.get(url)
    assert response[page_cache.HEADER] == "miss"
    assert reader.display_name not in response.content.decode()


def test_french_and_english_pages_do_not_mix(client, topic):
    url = topic.get_absolute_url()
    french = client.get(url)
    english = client.get(f"/en{url}")
    assert english[page_cache.HEADER] == "miss"
    assert client.get(f"/en{url}").content == english.content
    assert client.get(url).content == french.content
    assert french["Content-Language"] == "fr"
    assert client.get(f"/en{url}")["Content-Language"] == "en"


def test_hits_keep_the_security_headers_and_say_how_long_to_keep_them(client, topic):
    url = topic.get_absolute_url()
    client.get(url)
    hit = client.get(url)
    assert hit["Content-Security-Policy"] == PUBLIC_POLICY
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in hit["Cache-Control"]
    assert "Cookie" in hit["Vary"]
    assert "Set-Cookie" not in hit
    assert not hit.cookies


def test_cached_pages_carry_no_csrf_token(client, topic):
    url = topic.get_absolute_url()
    client.get(url)
    hit = client.get(url)
    assert "csrfmiddlewaretoken" not in hit.content.decode()


def test_a_page_with_a_form_for_visitors_is_not_stored(client, rf):
    # The sign-in page holds a CSRF token: a visitor without JavaScript posts it as served.
    url = reverse("account_login")
    client.get(url)
    assert page_cache.HEADER not in client.get(url)
    # Wherever a page asks for a token, the CSRF middleware sets its cookie, which stops storing.
    request = rf.get("/")
    request.user = AnonymousUser()
    response = HttpResponse("<form></form>")
    response.set_cookie("csrftoken", "x")
    assert not page_cache.storable(request, response)


def test_a_head_request_is_answered_from_the_cache_without_a_body(client, topic):
    url = topic.get_absolute_url()
    client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head[page_cache.HEADER] == "hit"
    assert head.content == b""


def test_a_missing_page_is_not_stored(client, topic):
    url = "/page-absente/"
    assert client.get(url).status_code == 404
    assert page_cache.HEADER not in client.get(url)


def test_unknown_query_parameters_bypass_the_cache(client, topic):
    url = topic.get_absolute_url()
    client.get(url, {"utm_source": "lettre"})
    response = client.get(url, {"utm_source": "lettre"})
    assert page_cache.HEADER not in response
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["page=%00", "page=99999999999999999999999", "page=-1", "q=" + "x" * 600]
)
def test_bad_query_strings_never_answer_500(client, topic, query):
    url = f"{topic.get_absolute_url()}?{query}"
    for _ in range(2):
        assert client.get(url).status_code < 500


def test_the_pages_own_parameters_are_cached_in_any_order(client, topic):
    url = reverse("communaute:space", kwargs={"slug": topic.space.slug})
    client.get(f"{url}?page=1&filtre=sans-reponse")
    assert client.get(f"{url}?filtre=sans-reponse&page=1")[page_cache.HEADER] == "hit"


def test_htmx_requests_and_session_holders_bypass_the_cache(client, topic, settings):
    url = topic.get_absolute_url()
    client.get(url)
    assert page_cache.HEADER not in client.get(url, headers={"HX-Request": "true"})
    client.cookies[settings.SESSION_COOKIE_NAME] = "unknown"
    assert page_cache.HEADER not in client.get(url)


def test_a_write_request_makes_every_page_stale(client, topic, member):
    url = topic.get_absolute_url()
    client.get(url)
    before = cache.get(page_cache.GENERATION_KEY)
    writer = type(client)()
    writer.force_login(member)
    writer.post(reverse("communaute:notifications_read_all"))
    assert cache.get(page_cache.GENERATION_KEY) != before
    assert client.get(url)[page_cache.HEADER] == "miss"


def test_a_private_write_keeps_the_pages(client, topic, member, committing):
    from communaute.selectors.forum import mark_read

    url = topic.get_absolute_url()
    client.get(url)
    committing(mark_read, member, topic, topic.post_count)
    assert client.get(url)[page_cache.HEADER] == "hit"


def test_saving_a_draft_while_typing_keeps_the_pages(client, topic, member):
    url = topic.get_absolute_url()
    client.get(url)
    writer = type(client)()
    writer.force_login(member)
    place = f"reply:{topic.pk}"
    saved = writer.post(reverse("communaute:draft_save"), {"place": place, "body": "Je tape…"})
    assert saved.json()["saved"] is True
    writer.post(reverse("communaute:composer_preview"), {"body": "**Je tape…**"})
    assert client.get(url)[page_cache.HEADER] == "hit"
    # Publishing it is another matter.
    writer.post(
        reverse("communaute:topic_reply", args=[topic.pk]), {"body": "Je tape…", "token": "t1"}
    )
    assert client.get(url)[page_cache.HEADER] == "miss"


def test_a_deploy_makes_every_page_and_part_stale(client, topic):
    from django.core.management import call_command

    url = topic.get_absolute_url()
    client.get(url)
    call_command("migrate", verbosity=0)
    assert client.get(url)[page_cache.HEADER] == "miss"


def test_a_lost_generation_never_revives_old_entries(client, topic):
    url = topic.get_absolute_url()
    client.get(url)
    cache.delete(page_cache.GENERATION_KEY)
    assert client.get(url)[page_cache.HEADER] == "miss"


def test_the_setting_turns_it_off(client, topic, settings):
    settings.PAGE_CACHE = False
    url = topic.get_absolute_url()
    client.get(url)
    assert page_cache.HEADER not in client.get(url)


@pytest.mark.parametrize("topics", [2, 12])
def test_misses_and_hits_cost_a_bounded_number_of_queries(
    client, member, committing, django_assert_max_num_queries, topics
):
    space = make_space()
    for number in range(topics):
        committing(create_topic, space, author=member, title=f"Sujet {number}", body="Texte")
    url = reverse("communaute:space", kwargs={"slug": space.slug})
    with django_assert_max_num_queries(40):
        client.get(url)
    with django_assert_max_num_queries(0):
        client.get(url)


def test_an_image_prepared_after_its_post_shows_to_visitors(client, topic, member, committing):
    from communaute.services.files import prepare_stored_image
    from tests.communaute.test_attachments_inline import picture

    # Outside `committing`: the preparation, enqueued on commit, has not run yet.
    post = reply(topic, author=member, body="Photo", attachments=[picture()])
    image = post.attachments.get()
    url = topic.get_absolute_url()
    assert "image en préparation" in client.get(url).content.decode()
    assert client.get(url)[page_cache.HEADER] == "hit"
    committing(prepare_stored_image.call, image._meta.label, image.pk)
    response = client.get(url)
    assert response[page_cache.HEADER] == "miss"
    assert "image en préparation" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txt",
        "/sitemap.xml",
        "/comptes/login/",
        "/sante/",
        "/direct/flux/",
        "/en/direct/flux/",
        "/direct/etat/",
    ],
)
def test_addresses_outside_the_language_prefixes_or_private_are_never_looked_up(rf, path):
    assert page_cache.page_key(rf.get(path)) is None


def test_a_stream_is_never_stored_whatever_its_address(rf):
    request = rf.get("/communaute/")
    request.user = AnonymousUser()
    stream = StreamingHttpResponse(iter([b"event: ready\n\n"]), content_type="text/event-stream")
    assert not page_cache.storable(request, stream)


def test_a_public_page_gets_a_key_per_language(rf):
    assert page_cache.page_key(rf.get("/en/communaute/")).startswith("pagecache:en:")
    assert page_cache.page_key(rf.get("/communaute/")).startswith("pagecache:fr:")


def test_a_known_address_keeps_its_key_and_refusals_per_host_and_reader(rf, settings):
    """Keys are remembered per address (page_key): what a request carries besides still
    decides, and another host is another address."""
    settings.ALLOWED_HOSTS = ["passerelles.test", "autre.test"]
    key = page_cache.page_key(rf.get("/communaute/?page=2", HTTP_HOST="passerelles.test"))
    assert key is not None
    assert page_cache.page_key(rf.get("/communaute/?page=2", HTTP_HOST="passerelles.test")) == key
    other = page_cache.page_key(rf.get("/communaute/?page=2", HTTP_HOST="autre.test"))
    assert other not in (None, key)
    assert page_cache.page_key(rf.get("/communaute/?page=2", HTTP_HOST="pirate.test")) is None
    signed_in = rf.get("/communaute/?page=2", HTTP_HOST="passerelles.test")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    signed_in.META["HTTP_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}=abc"
    assert page_cache.page_key(signed_in) is None


def test_refused_or_made_up_addresses_are_not_kept(rf, settings):
    """The memory of keys holds pages' addresses only: what a client makes up (another host,
    unknown parameters, a long address) is worked out each time instead of filling it."""
    page_cache._known_keys.clear()
    settings.ALLOWED_HOSTS = ["passerelles.test"]
    for number in range(20):
        page_cache.page_key(rf.get("/communaute/", HTTP_HOST=f"pirate{number}.test"))
        page_cache.page_key(rf.get(f"/communaute/?utm_source={number}"))
        page_cache.page_key(rf.get(f"/communaute/{'x' * 600}{number}/"))
    assert page_cache._known_keys == {}
    page_cache.page_key(rf.get("/communaute/", HTTP_HOST="passerelles.test"))
    assert len(page_cache._known_keys) == 1


def test_a_known_address_follows_a_change_of_the_pages_parameters(rf, settings):
    request = rf.get("/communaute/?page=2")
    assert page_cache.page_key(request) is not None
    settings.PAGE_CACHE_QUERY_PARAMETERS = ["q"]
    assert page_cache.page_key(rf.get("/communaute/?page=2")) is None


def test_within_a_second_a_hit_comes_from_the_process_without_a_round_trip(
    client, topic, local_copies, shared_cache_calls
):
    url = topic.get_absolute_url()
    first = client.get(url)
    shared_cache_calls.clear()
    second = client.get(url)
    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content
    assert shared_cache_calls == []
    local_copies(1.5)
    assert client.get(url)[page_cache.HEADER] == "hit"
    # locmem's get_many asks get for each key: count the request to the server, one.
    assert shared_cache_calls.count("get_many") == 1


def test_a_write_in_this_process_shows_at_once_despite_the_copies(
    client, topic, committing, local_copies
):
    url = topic.get_absolute_url()
    client.get(url)
    committing(reply, topic, author=MemberFactory(), body="Réponse du même processus")
    response = client.get(url)
    assert response[page_cache.HEADER] == "miss"
    assert "Réponse du même processus" in response.content.decode()


def test_a_write_in_another_process_shows_once_the_second_is_over(client, topic, local_copies):
    url = topic.get_absolute_url()
    client.get(url)
    cache.incr(page_cache.GENERATION_KEY)  # what another process's bump does
    assert client.get(url)[page_cache.HEADER] == "hit"
    local_copies(1.5)
    assert client.get(url)[page_cache.HEADER] == "miss"


def test_a_copy_lives_no_longer_than_the_shared_entry(client, topic, settings, local_copies):
    settings.PAGE_CACHE_SECONDS = 1
    settings.PAGE_CACHE_LOCAL_SECONDS = 5
    url = topic.get_absolute_url()
    client.get(url)
    assert client.get(url)[page_cache.HEADER] == "hit"
    local_copies(2)  # the generation is still trusted, the page is past its end of life
    assert client.get(url)[page_cache.HEADER] == "miss"


def test_the_copies_keep_within_their_size_least_recently_used_first_out(settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    settings.PAGE_CACHE_LOCAL_BYTES = 2500
    copies = page_cache.LocalCopies()
    far = page_cache.time.time() + 60

    def entry(size):
        return (1, far, 200, [], b"x" * size)

    copies.put("a", entry(1000))
    copies.put("b", entry(1000))
    assert copies.get("a") is not None  # "a" is now the most recently used
    copies.put("c", entry(1000))
    assert set(copies.pages) == {"a", "c"}
    assert copies.size == 2000
    copies.put("huge", entry(5000))
    assert "huge" not in copies.pages
