"""Private conversations under parallel writes: a double submit makes one message, and two
members writing to each other at once make one conversation between them."""

import pytest

from communaute.models import Conversation, PrivateMessage
from communaute.services.messaging import start_conversation
from tests.communaute.factories import MemberFactory
from tests.races import THREADS, in_parallel, post_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_start_form_sent_many_times_at_once_makes_one_message():
    julie, marc = MemberFactory(in_directory=True), MemberFactory(in_directory=True)
    data = {"recipients": f"@{marc.handle}", "body": "Bonjour", "token": "meme-jeton"}
    codes = post_in_parallel(julie, "/communaute/messages/nouvelle/", data)
    assert codes == [302] * THREADS
    assert PrivateMessage.objects.count() == 1


def test_two_members_writing_to_each_other_at_once_share_one_conversation():
    julie, marc = MemberFactory(in_directory=True), MemberFactory(in_directory=True)
    pairs = [(julie, marc), (marc, julie)] * (THREADS // 2)
    _results, errors = in_parallel(
        lambda pair: start_conversation(pair[0], [pair[1]], body="Allô"), pairs
    )
    assert errors == []
    assert Conversation.objects.count() == 1
    assert PrivateMessage.objects.count() == THREADS
