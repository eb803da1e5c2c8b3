import pytest
from django.utils.translation import override

from communaute.models import LinkPreview, Space, SpaceMembership, Topic
from communaute.selectors.forum import TOPICS_PER_PAGE, first_unread_position, mark_read
from communaute.services.forum import create_topic, reply
from communaute.services.moderation import set_topic_pinned
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import join_link
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def spaces():
    return {
        "public": make_space("Diffusion", Space.Visibility.PUBLIC),
        "members": make_space("Outils", Space.Visibility.MEMBERS),
        "private": make_space("Cercle", Space.Visibility.PRIVATE),
    }


def test_the_community_home_lists_the_spaces_each_person_may_see(client, spaces, member):
    html = client.get("/communaute/").content.decode()
    assert "Diffusion" in html and "Outils" not in html and "Cercle" not in html
    client.force_login(member)
    html = client.get("/communaute/").content.decode()
    assert "Outils" in html and "Cercle" not in html
    SpaceMembership.objects.create(space=spaces["private"], member=member)
    assert "Cercle" in client.get("/communaute/").content.decode()


def test_a_private_space_does_not_exist_for_outsiders(client, spaces, member):
    private = spaces["private"]
    insider = MemberFactory()
    SpaceMembership.objects.create(space=private, member=insider)
    topic, post = create_topic(private, author=insider, title="Entre nous", body="Secret")
    client.force_login(member)
    assert client.get("/communaute/espaces/cercle/").status_code == 404
    assert client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").status_code == 404
    assert client.get(f"/communaute/messages/{post.pk}/").status_code == 404
    assert (
        client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Intrus"}).status_code
        == 404
    )
    client.force_login(insider)
    assert "Entre nous" in client.get("/communaute/espaces/cercle/").content.decode()


def test_a_member_starts_a_topic_and_another_replies(client, spaces, member, other_member):
    client.force_login(member)
    response = client.post(
        "/communaute/espaces/diffusion/nouveau-sujet/",
        {"title": "Partager un camion ?", "body": "Entre Moncton et Rimouski."},
    )
    topic = Topic.objects.get()
    assert response["Location"] == f"/communaute/sujets/{topic.pk}-partager-un-camion/"
    client.force_login(other_member)
    response = client.post(
        f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Je suis partante."}
    )
    assert response["Location"].endswith("#message-2")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Je suis partante." in html
    assert "Nadia Chartrand" in html


def test_refused_forms_keep_what_was_typed(client, spaces, member):
    client.force_login(member)
    response = client.post(
        "/communaute/espaces/diffusion/nouveau-sujet/", {"title": "", "body": "Un texte soigné."}
    )
    assert response.status_code == 200
    assert "Un texte soigné." in response.content.decode()
    topic, _post = create_topic(spaces["public"], author=member, title="Sujet", body="Un")
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": ""})
    assert response.status_code == 400
    assert "Le formulaire contient" in response.content.decode()


def test_visitors_read_public_topics_and_sign_in_to_reply(client, spaces, member):
    topic, _post = create_topic(spaces["public"], author=member, title="Ouvert", body="Bienvenue")
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Bienvenue" in html
    assert "Se connecter pour répondre" in html
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Anonyme"})
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_locked_topic_refuses_replies(client, spaces, member, other_member):
    topic, _post = create_topic(spaces["public"], author=member, title="Clos", body="Fin")
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    client.force_login(other_member)
    assert (
        client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Encore"}).status_code
        == 403
    )


def test_permalinks_land_on_the_right_page_and_pages_cost_the_same(
    client, spaces, member, django_assert_max_num_queries
):
    topic, _post = create_topic(spaces["public"], author=member, title="Long", body="1")
    for number in range(2, 46):
        last = reply(topic, author=member, body=f"{number} https://exemple.ca/{number}")
        # Every post carries a link with its card: still one query for all the cards of a page.
        LinkPreview.objects.create(
            url=f"https://exemple.ca/{number}", status="ok", title=f"Page {number}"
        )
    response = client.get(f"/communaute/messages/{last.pk}/")
    assert response["Location"] == f"/communaute/sujets/{topic.pk}-long/?page=3#message-45"
    client.force_login(member)
    for page in (1, 3):
        # The reading state is written as the member reads: a couple of queries, constant;
        # fixed costs too: the follow state, the page's links and their cards, the reader's
        # moderation role and any suspension.
        with django_assert_max_num_queries(31):
            html = client.get(
                f"/communaute/sujets/{topic.pk}-long/", {"page": page}
            ).content.decode()
        assert f"Page {page} sur 3" in html
        assert html.count('class="link-card"') == (19 if page == 1 else 5)  # post 1 has no link


def test_authors_edit_and_delete_their_posts_others_cannot(client, spaces, member, other_member):
    topic, post = create_topic(spaces["public"], author=member, title="Sujet", body="Texte initial")
    client.force_login(other_member)
    assert client.get(f"/communaute/messages/{post.pk}/modifier/").status_code == 403
    assert client.post(f"/communaute/messages/{post.pk}/supprimer/").status_code == 403
    client.force_login(member)
    client.post(f"/communaute/messages/{post.pk}/modifier/", {"body": "Texte corrigé"})
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Texte corrigé" in html and "modifié" in html
    assert (
        "Supprimer ce message ?"
        in client.get(f"/communaute/messages/{post.pk}/supprimer/").content.decode()
    )
    client.post(f"/communaute/messages/{post.pk}/supprimer/")
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Ce message a été supprimé." in html and "Texte corrigé" not in html


def test_topic_lists_mark_new_posts_and_filter_unanswered(client, spaces, member, other_member):
    answered, _post = create_topic(spaces["public"], author=member, title="Avec réponse", body="?")
    create_topic(spaces["public"], author=other_member, title="Sans réponse", body="?")
    client.force_login(member)
    client.get(f"/communaute/sujets/{answered.pk}-{answered.slug}/")
    reply(answered, author=other_member, body="Réponse")
    html = client.get("/communaute/espaces/diffusion/").content.decode()
    assert "nouveaux messages" in html
    unanswered = client.get(
        "/communaute/espaces/diffusion/", {"filtre": "sans-reponse"}
    ).content.decode()
    assert "Sans réponse" in unanswered and "Avec réponse" not in unanswered


def test_the_space_page_runs_a_bounded_number_of_queries(
    client, spaces, member, django_assert_max_num_queries
):
    client.force_login(member)
    for number in range(3):
        create_topic(spaces["public"], author=member, title=f"Sujet {number}", body="?")
    # Fixed costs among them: the follow state, the announcements, the reader's moderation role
    # and any suspension.
    with django_assert_max_num_queries(24):
        client.get("/communaute/espaces/diffusion/")
    for number in range(40):
        create_topic(spaces["public"], author=MemberFactory(), title=f"Autre {number}", body="?")
    with django_assert_max_num_queries(24):
        client.get("/communaute/espaces/diffusion/")


def titles_in_order(html, titles):
    return sorted(titles, key=html.index)


def test_topics_are_listed_pinned_first_then_by_latest_activity(client, spaces, member):
    animator = MemberFactory()
    SpaceMembership.objects.create(
        space=spaces["public"], member=animator, role=SpaceMembership.Role.ANIMATOR
    )
    oldest, _post = create_topic(spaces["public"], author=member, title="Règlement", body="?")
    quiet, _post = create_topic(spaces["public"], author=member, title="Calme plat", body="?")
    create_topic(spaces["public"], author=member, title="Tout récent", body="?")
    set_topic_pinned(oldest, actor=animator, pinned=True, reason="À lire d'abord")
    reply(quiet, author=member, body="Finalement, si.")  # the freshest activity now
    html = client.get("/communaute/espaces/diffusion/").content.decode()
    titles = ["Règlement", "Calme plat", "Tout récent"]
    assert titles_in_order(html, titles) == titles


def test_the_mine_filter_keeps_the_members_own_topics(client, spaces, member, other_member):
    create_topic(spaces["public"], author=member, title="Le mien", body="?")
    create_topic(spaces["public"], author=other_member, title="Le sien", body="?")
    client.force_login(member)
    html = client.get("/communaute/espaces/diffusion/", {"filtre": "mes-sujets"}).content.decode()
    assert "Le mien" in html and "Le sien" not in html


def test_the_topic_list_goes_on_on_page_two(client, spaces, member):
    for number in range(TOPICS_PER_PAGE + 2):
        create_topic(spaces["public"], author=member, title=f"Sujet numéro {number:02}", body="?")
    first = client.get("/communaute/espaces/diffusion/").content.decode()
    second = client.get("/communaute/espaces/diffusion/", {"page": 2}).content.decode()
    assert "Page 1 sur 2" in first and "Page 2 sur 2" in second
    newest, oldest = f"Sujet numéro {TOPICS_PER_PAGE + 1:02}", "Sujet numéro 00"
    assert newest in first and oldest not in first
    assert oldest in second and "Sujet numéro 01" in second and newest not in second


def test_the_community_home_costs_the_same_for_3_spaces_as_for_30(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    author = MemberFactory()
    visibilities = list(Space.Visibility)

    def fill(start, count):
        for number in range(start, start + count):
            space = make_space(f"Espace {number}", visibilities[number % 3])
            for someone in (member, author):
                SpaceMembership.objects.create(space=space, member=someone)
            for title in ("Lu", "Pas lu"):
                topic, post = create_topic(space, author=author, title=title, body="?")
                if title == "Lu":
                    mark_read(member, topic, post.position)

    fill(0, 3)
    client.get("/communaute/")  # warms the site's settings and menus
    # One query lists the spaces with their counts and unread topics; the rest is fixed: the
    # session, menus and notifications, the quick-share form's spaces, the invitations.
    with django_assert_max_num_queries(16):
        html = client.get("/communaute/").content.decode()
    assert html.count("1 sujet avec du nouveau") == 3
    fill(3, 27)
    with django_assert_max_num_queries(16):
        html = client.get("/communaute/").content.decode()
    assert html.count("1 sujet avec du nouveau") == 30


def test_asking_to_join_a_private_space_by_its_address_answers_as_if_it_did_not_exist(
    client, spaces, member
):
    client.force_login(member)
    assert client.post("/communaute/espaces/cercle/rejoindre/").status_code == 404
    assert client.post("/communaute/espaces/nulle-part/rejoindre/").status_code == 404
    assert not spaces["private"].join_requests.exists()


def test_reactions_toggle_and_show_their_counts(client, spaces, member, other_member):
    topic, post = create_topic(spaces["public"], author=member, title="Sujet", body="Merci à vous")
    client.force_login(other_member)
    client.post(f"/communaute/messages/{post.pk}/reagir/", {"kind": "merci"})
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert 'aria-pressed="true">Merci <span class="count">1</span>' in html
    client.post(f"/communaute/messages/{post.pk}/reagir/", {"kind": "merci"})
    assert post.reactions.count() == 0
    assert (
        client.post(f"/communaute/messages/{post.pk}/reagir/", {"kind": "bof"}).status_code == 404
    )


def test_the_enhanced_page_gets_the_new_count_without_a_reload(
    client, spaces, member, other_member
):
    _topic, post = create_topic(spaces["public"], author=member, title="Sujet", body="Merci")
    url = f"/communaute/messages/{post.pk}/reagir/"
    client.force_login(other_member)
    response = client.post(url, {"kind": "utile"}, headers={"Accept": "application/json"})
    assert response.json() == {"kind": "utile", "count": 1, "mine": True}
    client.force_login(member)
    response = client.post(url, {"kind": "utile"}, headers={"Accept": "application/json"})
    assert response.json() == {"kind": "utile", "count": 2, "mine": True}
    response = client.post(url, {"kind": "utile"}, headers={"Accept": "application/json"})
    assert response.json() == {"kind": "utile", "count": 1, "mine": False}


def test_the_pages_one_reaction_form_names_the_post_in_its_value(
    client, spaces, member, other_member
):
    private = spaces["private"]
    SpaceMembership.objects.create(space=private, member=member)
    _topic, post = create_topic(spaces["public"], author=member, title="Sujet", body="Merci")
    _secret, hidden_from_others = create_topic(private, author=member, title="Entre nous", body="?")
    client.force_login(other_member)
    response = client.post("/communaute/reactions/", {"reaction": f"{post.pk}:merci"})
    assert response["Location"] == post.topic.get_position_url(post.position)
    assert post.reactions.get().member == other_member
    # Whatever is sent, a wrong post, kind or shape is "not found", never an error, and a post
    # the member may not read is not found either.
    for value in [
        f"{post.pk}:bof",
        f"{post.pk}",
        "abc:merci",
        "9" * 40 + ":merci",
        "\x00:merci",
        f"{hidden_from_others.pk}:merci",
        "",
    ]:
        assert client.post("/communaute/reactions/", {"reaction": value}).status_code == 404
    assert post.reactions.count() == 1
    client.logout()
    assert (
        client.post("/communaute/reactions/", {"reaction": f"{post.pk}:merci"}).status_code == 302
    )
    assert post.reactions.count() == 1


def test_replying_to_a_post_links_the_reply_and_first_unread_is_offered(
    client, spaces, member, other_member
):
    topic, first = create_topic(spaces["public"], author=member, title="Sujet", body="Question")
    client.force_login(other_member)
    html = client.get(
        f"/communaute/sujets/{topic.pk}-{topic.slug}/", {"repondre": first.pk}
    ).content.decode()
    assert "En réponse au message de Sophie Gagnon." in html
    assert f'name="reply_to" value="{first.pk}"' in html
    client.post(
        f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Réponse", "reply_to": first.pk}
    )
    assert topic.posts.get(position=2).reply_to == first
    client.force_login(member)
    assert (
        "Aller au premier message non lu"
        in client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    )


def test_conversations_appear_in_site_search_only_where_the_visitor_may_read(
    client, spaces, member
):
    create_topic(
        spaces["public"],
        author=member,
        title="Prêt d'équipements",
        body="Des projecteurs à partager.",
    )
    insider = MemberFactory()
    SpaceMembership.objects.create(space=spaces["private"], member=insider)
    create_topic(
        spaces["private"], author=insider, title="Projecteurs du cercle", body="Nos projecteurs."
    )
    html = client.get("/recherche/", {"q": "projecteur"}).content.decode()
    assert "Conversations" in html
    assert "Prêt d&#x27;équipements" in html or "Prêt d'équipements" in html
    assert "Projecteurs du cercle" not in html
    client.force_login(insider)
    html = client.get("/recherche/", {"q": "projecteur"}).content.decode()
    assert "Projecteurs du cercle" in html


@pytest.mark.parametrize("query", ["reunion", "reunions", "réunions", "REUNION"])
def test_conversation_search_forgives_accents_and_plurals(client, spaces, member, query):
    create_topic(
        spaces["public"], author=member, title="Réunion de production", body="Mardi, au théâtre."
    )
    create_topic(spaces["public"], author=member, title="Tournée d'automne", body="Trois dates.")
    html = client.get("/recherche/", {"q": query}).content.decode()
    assert "Réunion de production" in html
    assert "Tournée d" not in html


def test_similar_topics_are_suggested_before_a_new_one_is_published(
    client, spaces, member, other_member
):
    create_topic(
        spaces["public"],
        author=other_member,
        title="Partager un camion de tournée",
        body="Entre Moncton et Rimouski.",
    )
    client.force_login(member)
    payload = {
        "title": "Partager un camion pour la tournée",
        "body": "Qui part en avril ?",
        "tags": "tournée, transport",
        "token": "3f2a9c",
    }
    response = client.post("/communaute/espaces/diffusion/nouveau-sujet/", payload)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ces sujets ressemblent au vôtre" in html
    assert "Partager un camion de tournée" in html
    # Nothing typed is lost, and the form keeps its one-time token.
    assert 'value="Partager un camion pour la tournée"' in html
    assert "Qui part en avril ?" in html
    assert 'value="tournée, transport"' in html
    assert 'name="token" value="3f2a9c"' in html
    assert Topic.objects.count() == 1
    response = client.post(
        "/communaute/espaces/diffusion/nouveau-sujet/", {**payload, "checked_similar": "True"}
    )
    assert response.status_code == 302
    topic = Topic.objects.latest("pk")
    assert sorted(topic.tags.names()) == ["tournée", "transport"]


@pytest.mark.parametrize(
    ("decision", "member_in", "led_to"),
    [("approve", True, "/communaute/espaces/cercle/"), ("decline", False, "/communaute/")],
)
def test_animators_decide_join_requests_and_the_member_is_told(
    client, spaces, member, other_member, decision, member_in, led_to
):
    from communaute.models import Notification

    private = spaces["private"]
    SpaceMembership.objects.create(
        space=private, member=other_member, role=SpaceMembership.Role.ANIMATOR
    )
    client.force_login(member)
    client.post(join_link(private), {"message": "Je diffuse à Moncton."})
    assert client.get("/communaute/espaces/cercle/membres/").status_code == 404
    client.force_login(other_member)
    html = client.get("/communaute/espaces/cercle/membres/").content.decode()
    assert "Je diffuse à Moncton." in html
    join_request = private.join_requests.get()
    client.post(
        "/communaute/espaces/cercle/membres/", {"request": join_request.pk, "decision": decision}
    )
    assert SpaceMembership.objects.filter(space=private, member=member).exists() is member_in
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "join_request_decided"
    # Declined, the member is led home: the private space does not exist for them.
    client.force_login(member)
    opened = client.get(f"/communaute/notifications/{notification.pk}/ouvrir/")
    assert opened["Location"] == led_to
    assert client.get("/communaute/espaces/cercle/").status_code == (200 if member_in else 404)


def test_a_plain_member_cannot_open_the_members_page(client, spaces, member):
    client.force_login(member)
    assert client.get("/communaute/espaces/diffusion/membres/").status_code == 403


def test_the_community_home_counts_topics_with_new_posts(
    client, spaces, member, other_member, django_assert_max_num_queries
):
    read, _post = create_topic(spaces["public"], author=member, title="Lu", body="?")
    create_topic(spaces["public"], author=other_member, title="Jamais lu", body="?")
    client.force_login(member)
    client.get(f"/communaute/sujets/{read.pk}-{read.slug}/")
    with django_assert_max_num_queries(16):
        html = client.get("/communaute/").content.decode()
    assert "1 sujet avec du nouveau" in html
    reply(read, author=other_member, body="Du nouveau")
    assert "2 sujets avec du nouveau" in client.get("/communaute/").content.decode()


def test_a_form_sent_twice_makes_one_post(client, spaces, member):
    client.force_login(member)
    topic_form = {
        "title": "Une fois",
        "body": "Un seul sujet",
        "token": "a" * 32,
        "checked_similar": "True",
    }
    client.post("/communaute/espaces/diffusion/nouveau-sujet/", topic_form)
    client.post("/communaute/espaces/diffusion/nouveau-sujet/", topic_form)
    assert Topic.objects.count() == 1
    topic = Topic.objects.get()
    reply_form = {"body": "Une seule réponse", "token": "b" * 32}
    first = client.post(f"/communaute/sujets/{topic.pk}/repondre/", reply_form)
    second = client.post(f"/communaute/sujets/{topic.pk}/repondre/", reply_form)
    assert first["Location"] == second["Location"]
    topic.refresh_from_db()
    assert topic.post_count == 2
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert 'name="token" value="' in html and 'value="bbbb' not in html  # a fresh token each time


def test_my_spaces_lists_the_spaces_i_joined(client, spaces, member):
    client.force_login(member)
    html = client.get("/communaute/", {"filtre": "mes-espaces"}).content.decode()
    assert "Vous n'avez encore rejoint aucun espace" in html
    client.post("/communaute/espaces/diffusion/rejoindre/")
    html = client.get("/communaute/", {"filtre": "mes-espaces"}).content.decode()
    # The space list only (the quick-share form offers every space the member may write in).
    assert ">Diffusion</a></h2>" in html and ">Outils</a></h2>" not in html


def test_topics_carry_tags_and_the_space_filters_by_tag(client, spaces, member):
    client.force_login(member)
    client.post(
        "/communaute/espaces/diffusion/nouveau-sujet/",
        {"title": "Camion", "body": "?", "tags": "Tournée, transport", "checked_similar": "True"},
    )
    create_topic(spaces["public"], author=member, title="Billetterie", body="?")
    html = client.get("/communaute/espaces/diffusion/", {"etiquette": "transport"}).content.decode()
    assert "Camion" in html and "Billetterie" not in html
    assert sorted(Topic.objects.get(title="Camion").tags.names()) == ["tournée", "transport"]


def test_a_topic_is_shared_into_another_space_as_a_link_back(client, spaces, member, other_member):
    topic, _post = create_topic(spaces["public"], author=member, title="Camion partagé", body="?")
    client.force_login(other_member)
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    # The topic page links to the form, on a page of its own: its list of spaces grows with
    # the member's memberships.
    assert f'href="/communaute/sujets/{topic.pk}/partager/"' in html
    assert 'name="space"' not in html
    form = client.get(f"/communaute/sujets/{topic.pk}/partager/").content.decode()
    assert f'<option value="{spaces["members"].pk}">' in form
    assert f'<option value="{spaces["public"].pk}">' not in form  # not into its own space
    client.post(f"/communaute/sujets/{topic.pk}/partager/", {"space": spaces["members"].pk})
    assert topic.space == spaces["public"]  # not moved, not copied
    assert Topic.objects.count() == 1
    listing = client.get("/communaute/espaces/outils/").content.decode()
    assert "Partagés depuis d" in listing and "Camion partagé" in listing
    # A private space the member is not in does not exist for them, as a target either.
    assert (
        client.post(
            f"/communaute/sujets/{topic.pk}/partager/", {"space": spaces["private"].pk}
        ).status_code
        == 404
    )


def test_an_outsider_sharing_a_private_topic_meets_the_same_404_as_for_no_topic(
    client, spaces, member
):
    insider = MemberFactory()
    SpaceMembership.objects.create(space=spaces["private"], member=insider)
    topic, _post = create_topic(spaces["private"], author=insider, title="Entre nous", body="?")
    client.force_login(member)
    target = {"space": spaces["public"].pk}
    assert client.post(f"/communaute/sujets/{topic.pk}/partager/", target).status_code == 404
    assert client.post(f"/communaute/sujets/{topic.pk + 1}/partager/", target).status_code == 404
    assert not spaces["public"].shared_topics.exists()


def test_a_page_of_posts_by_many_authors_costs_the_same_as_one_author(
    client, spaces, member, django_assert_max_num_queries
):
    topic, _post = create_topic(spaces["public"], author=member, title="Fil", body="1")
    reader = MemberFactory()
    client.force_login(reader)
    client.get(f"/communaute/sujets/{topic.pk}-fil/")  # warms the site's settings and menus
    # Among them, two for the topic's poll and what the reader set aside there, whatever the
    # number of posts.
    with django_assert_max_num_queries(24):
        client.get(f"/communaute/sujets/{topic.pk}-fil/")
    for _number in range(19):
        reply(topic, author=MemberFactory(), body="Une voix de plus")
    with django_assert_max_num_queries(24):
        html = client.get(f"/communaute/sujets/{topic.pk}-fil/").content.decode()
    assert html.count('class="post"') == 20


def test_a_refused_reply_comes_back_on_the_full_topic_page(client, spaces, member):
    topic, _post = create_topic(spaces["public"], author=member, title="Sujet", body="Un")
    client.force_login(member)
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-pressed="false">Merci</button>' in html  # reactions are there too


def test_a_member_joins_an_open_space_from_its_page_and_can_leave_it(client, spaces, member):
    client.force_login(member)
    html = client.get("/communaute/espaces/outils/").content.decode()
    assert "Rejoindre l'espace" in html
    client.post("/communaute/espaces/outils/rejoindre/")
    assert SpaceMembership.objects.filter(space=spaces["members"], member=member).exists()
    html = client.get("/communaute/espaces/outils/").content.decode()
    assert "Quitter l'espace" in html and "Rejoindre l'espace" not in html
    response = client.post("/communaute/espaces/outils/quitter/", follow=True)
    assert "Vous avez quitté cet espace." in response.content.decode()
    assert not SpaceMembership.objects.filter(space=spaces["members"], member=member).exists()


def test_the_last_animator_cannot_leave_their_space(client, spaces, member):
    SpaceMembership.objects.create(
        space=spaces["private"], member=member, role=SpaceMembership.Role.ANIMATOR
    )
    client.force_login(member)
    response = client.post("/communaute/espaces/cercle/quitter/", follow=True)
    assert "garde toujours au moins une personne qui l&#x27;anime" in response.content.decode()
    assert SpaceMembership.objects.filter(space=spaces["private"], member=member).exists()


def test_leaving_needs_an_account_and_a_hidden_space_stays_hidden(client, spaces, member):
    response = client.post("/communaute/espaces/diffusion/quitter/")
    assert response.status_code == 302 and "/comptes/login/" in response.url
    client.force_login(member)
    assert client.post("/communaute/espaces/cercle/quitter/").status_code == 404


def test_quoting_a_post_prefills_the_reply_with_its_text_as_a_quote(
    client, spaces, member, other_member
):
    topic, first = create_topic(
        spaces["public"], author=member, title="Sujet", body="Première ligne\nDeuxième ligne"
    )
    client.force_login(other_member)
    html = client.get(
        f"/communaute/sujets/{topic.pk}-{topic.slug}/", {"citer": first.pk}
    ).content.decode()
    assert "&gt; Première ligne\n&gt; Deuxième ligne\n\n</textarea>" in html
    assert f'name="reply_to" value="{first.pk}"' in html
    client.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {"body": "> Première ligne\n\nJe suis d'accord.", "reply_to": first.pk},
    )
    reply_post = topic.posts.get(position=2)
    assert reply_post.reply_to == first
    assert "<blockquote>" in reply_post.body_html


def test_a_long_post_is_quoted_short():
    from passerelles.core.markdown import QUOTE_MAX_CHARS, quoted

    text = quoted("mot " * 1000)
    assert len(text) < QUOTE_MAX_CHARS + 20 and text.rstrip().endswith("[…]")


def test_a_topics_tags_show_on_it_as_links_to_the_spaces_topics_with_that_tag(
    client, spaces, member
):
    client.force_login(member)
    response = client.post(
        "/communaute/espaces/diffusion/nouveau-sujet/",
        {"title": "Camion", "body": "?", "tags": "Tournée, transport", "checked_similar": "True"},
    )
    html = client.get(response["Location"]).content.decode()
    tags = html[html.index('aria-label="Étiquettes"') :]
    assert '<a href="/communaute/espaces/diffusion/?etiquette=tourn%C3%A9e">tournée</a>' in tags
    assert '<a href="/communaute/espaces/diffusion/?etiquette=transport">transport</a>' in tags


def test_ones_own_new_topic_and_reply_have_nothing_unread(client, spaces, member, other_member):
    client.force_login(member)
    response = client.post(
        "/communaute/espaces/diffusion/nouveau-sujet/",
        {"title": "Camion", "body": "?", "checked_similar": "True"},
    )
    assert "Aller au premier message non lu" not in client.get(response["Location"]).text
    topic = Topic.objects.get(title="Camion")
    # Another member answers: now there is something new for the author, once.
    reply(topic, author=other_member, body="Moi !")
    html = client.get(topic.get_absolute_url()).text
    assert f'href="{topic.get_position_url(2)}">Aller au premier message non lu' in html
    assert "Aller au premier message non lu" not in client.get(topic.get_absolute_url()).text
    # Their own reply to a topic they had read does not make it unread.
    client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Parfait."})
    assert "Aller au premier message non lu" not in client.get(topic.get_absolute_url()).text


def test_a_reply_leaves_unread_what_its_author_had_not_read(spaces, member, other_member):
    topic, _post = create_topic(spaces["public"], author=other_member, title="Salle", body="?")
    reply(topic, author=member, body="Je prends.")
    assert first_unread_position(member, topic) == 1


def test_a_hostile_title_or_space_name_is_written_as_text_in_the_breadcrumbs(client, member):
    """The breadcrumbs are written in Python (passerelles/core/templatetags/passerelles.py):
    what members type is escaped there as the template escaped it."""
    import re

    space = make_space("<b>Espace</b>", Space.Visibility.PUBLIC)
    topic, _post = create_topic(
        space, author=member, title="<script>alert(1)</script>", body="Bonjour."
    )
    for reader in (None, member):
        if reader is not None:
            client.force_login(reader)
        html = client.get(topic.get_absolute_url()).content.decode()
        crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.DOTALL)[0]
        assert "&lt;b&gt;Espace&lt;/b&gt;</a>" in crumbs
        assert '<span aria-current="page">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in crumbs
        assert "<script>alert" not in html


def test_the_reply_forms_suggestions_name_the_topics_space_in_the_pages_language(client, member):
    """The script's tag is drawn once per language and space (templatetags/following.py)."""
    client.force_login(member)
    for name in ("Diffusion", "Tournées"):
        space = make_space(name)
        topic, _post = create_topic(space, author=member, title=f"Sujet de {name}", body="Oui")
        with override("fr"):
            address = topic.get_absolute_url()
        for prefix, label in (("", "Membres suggérés"), ("/en", "Suggested members")):
            html = client.get(prefix + address).content.decode()
            assert f'data-space="{space.slug}" data-label="{label}"' in html
            assert f'data-suggestions="{prefix}/communaute/' in html
