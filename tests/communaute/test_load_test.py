"""The load script (manage.py load_test): loopback only, bounded, and its checks catch a lost or
doubled post and a wrong counter (issue 13, item 8)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from communaute.management.commands.load_test import Command, Results
from communaute.models import Post, Reaction, Topic


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1:8000", "https://127.0.0.1:8000", "http://192.168.1.10", "ftp://localhost"],
)
def test_the_load_script_refuses_any_server_but_this_machine_s(url):
    with pytest.raises(CommandError):
        call_command("load_test", url=url, seconds=1, members=1)


def test_the_load_script_is_bounded_in_time_and_size():
    with pytest.raises(CommandError, match="--seconds"):
        call_command("load_test", url="http://127.0.0.1:1", seconds=3600)
    with pytest.raises(CommandError, match="--members"):
        call_command("load_test", url="http://127.0.0.1:1", members=0)


@pytest.mark.django_db
def test_the_checks_catch_server_errors_lost_and_doubled_posts_and_wrong_counters():
    command = Command()
    space, people, topics = command.prepare(2)
    results = Results()
    results.statuses.update({302: 3, 500: 1})
    results.accepted |= {"charge-perdu", "charge-double"}
    for _copy in range(2):
        Post.objects.create(
            topic=topics[0], position=Post.objects.count() + 10, body="x charge-double"
        )
    Topic.objects.filter(pk=topics[1].pk).update(post_count=F("post_count") + 1)
    Reaction.objects.create(post=Post.objects.first(), member=people[0], kind="merci")
    failures = command.verify(space, topics, people, results)
    assert "server errors: {500: 1}" in failures
    assert "1 replies stored more than once" in failures
    assert "1 accepted replies not stored" in failures
    assert any(f.startswith(f"topic {topics[1].pk}: post_count") for f in failures)
    assert any(f.startswith("space counters") for f in failures)
    assert "reactions: 1 unexpected, 0 missing" in failures


@pytest.mark.django_db(transaction=True)
def test_members_post_and_react_at_once_against_a_live_server_and_every_check_passes(
    live_server,
):
    out = io.StringIO()
    call_command("load_test", url=live_server.url, members=4, seconds=3, think=0.05, stdout=out)
    report = out.getvalue()
    assert "Every check passed." in report, report
    assert Post.objects.filter(body__contains="charge-").exists()
    assert "replies accepted" in report
