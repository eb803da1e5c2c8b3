"""The topic page a member reads stays light: what each post can do is a button pointing at one
form of the page, so the HTML grows with the posts' text, never with repeated forms and tokens."""

import pytest

from communaute.models import Reaction, Space, SpaceMembership
from communaute.services.forum import create_topic, reply, toggle_reaction
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

# About the length of an ordinary forum reply, with a little formatting and a link.
REPLY = (
    "Merci pour le partage. De notre côté, à **Moncton**, nous mutualisons déjà la "
    "comptabilité avec deux autres compagnies : une personne à temps partiel, payée à "
    "parts égales. Le plus difficile a été de s'entendre sur le calendrier des paies. "
    "Notre entente est ici : https://www.exemple.ca/entente-comptabilite — on peut en "
    "parler à la prochaine rencontre si ça intéresse d'autres membres."
)


def topic_of(count):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    members = MemberFactory.create_batch(4)
    for member in members:
        SpaceMembership.objects.create(space=space, member=member)
    topic, first = create_topic(space, author=members[0], title="Mutualiser la paie", body=REPLY)
    posts = [first]
    for index in range(count - 1):
        posts.append(
            reply(
                topic,
                author=members[index % 4],
                body=REPLY,
                reply_to=posts[-1] if index % 3 == 0 else None,
            )
        )
    for post in posts[::2]:
        toggle_reaction(post, member=members[1], kind=Reaction.Kind.THANKS)
    return topic, members[2]


def page_for(client, topic, reader):
    client.force_login(reader)
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_forms_of_a_topic_page_do_not_grow_with_its_posts(client):
    small, reader = topic_of(3)
    html_small = page_for(client, small, reader)
    Space.objects.all().delete()
    large, reader = topic_of(20)
    html_large = page_for(client, large, reader)
    assert html_large.count("<form") == html_small.count("<form")
    assert html_large.count("csrfmiddlewaretoken") == html_small.count("csrfmiddlewaretoken")
    # Every post still offers its reactions, through the page's one reaction form.
    assert html_large.count('form="reaction-form"') == 20 * len(Reaction.Kind)
