"""Many members writing at once through HTTP, then checks that nothing was lost or doubled.

    manage.py load_test --url http://127.0.0.1:8000 --members 50 --seconds 120

Against a running server (the development server or gunicorn) on this machine only: the
command refuses any address that is not loopback. It creates, committed, a dedicated private
space with its topics and `--members` members (signed in by sessions it writes itself, so that
allauth's sign-in rate limit does not stand in the way), then each member, in its own thread,
until `--seconds` have passed:

- posts replies, each with a unique marker and its own form token; one in ten is sent twice
  at once with the same token, as a double click would;
- toggles reactions on the topics' posts.

Then it checks: no answer 5xx (nor a connection error); every reply the server accepted (302)
is stored exactly once, every refused one (400, the flood limit) not at all; each topic's and
the space's counters equal the rows; the reactions in the database are exactly those the
accepted toggles leave. It exits non-zero when a check fails. --cleanup deletes what it made.
"""

import http.client
import ipaddress
import random
import secrets
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlencode, urlparse

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from communaute.models import Member, Post, Reaction, Space, SpaceMembership, Topic
from communaute.services.forum import create_topic

MAX_SECONDS = 900
MAX_MEMBERS = 200
TOPICS = 4
DOUBLE_SUBMIT_SHARE = 0.1
REQUEST_TIMEOUT = 30


def loopback_address(url):
    """(host, port) of an http:// address whose every resolved address is loopback."""
    parsed = urlparse(url)
    if parsed.scheme != "http" or not parsed.hostname:
        raise CommandError("--url must be an http:// address on this machine.")
    port = parsed.port or 80
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, port)}
    except socket.gaierror as error:
        raise CommandError(f"{parsed.hostname} does not resolve: {error}") from None
    if not resolved or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in resolved):
        raise CommandError(
            f"{parsed.hostname} is not a loopback address: the load test only runs against "
            "a server on this machine."
        )
    return parsed.hostname, port


@dataclass
class Results:
    statuses: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    accepted: set = field(default_factory=set)  # markers of replies answered 302
    refused: set = field(default_factory=set)  # markers answered 400 only
    reactions: set = field(default_factory=set)  # (post id, member id, kind) expected at the end
    lock: threading.Lock = field(default_factory=threading.Lock)


class Participant:
    def __init__(self, member, host, port, results, topic_ids, post_ids, deadline, think):
        self.member = member
        self.host, self.port = host, port
        self.results = results
        self.topic_ids, self.post_ids = topic_ids, post_ids
        self.deadline, self.think = deadline, think
        self.random = random.Random(member.pk)
        self.csrf = secrets.token_hex(16)  # 32 characters: Django accepts it unmasked
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={_session_for(member)}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf}"
        )
        self.mine = set()  # (post id, kind) this member's reactions, as the server has them

    def post(self, path, fields):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(
                "POST",
                path,
                urlencode(fields),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": self.cookie,
                    "X-CSRFToken": self.csrf,
                },
            )
            response = connection.getresponse()
            response.read()
            status = response.status
            if status == 302 and "/comptes/login/" in response.getheader("Location", ""):
                status = 401  # signed out: the session was not found

        except OSError as error:
            with self.results.lock:
                self.results.errors.append(f"{path}: {error!r}")
            return None
        finally:
            connection.close()
        with self.results.lock:
            self.results.statuses[status] += 1
        return status

    def reply(self):
        marker = f"charge-{uuid.uuid4().hex}"
        fields = {"body": f"Réponse d'essai {marker}", "token": uuid.uuid4().hex}
        path = f"/communaute/sujets/{self.random.choice(self.topic_ids)}/repondre/"
        if self.random.random() < DOUBLE_SUBMIT_SHARE:
            answers = []
            twin = threading.Thread(target=lambda: answers.append(self.post(path, fields)))
            twin.start()
            answers.append(self.post(path, fields))
            twin.join(REQUEST_TIMEOUT + 5)
        else:
            answers = [self.post(path, fields)]
        with self.results.lock:
            if 302 in answers:
                self.results.accepted.add(marker)
            elif answers and all(answer == 400 for answer in answers):
                self.results.refused.add(marker)

    def react(self):
        post_id = self.random.choice(self.post_ids)
        kind = self.random.choice(Reaction.Kind.values)
        if self.post(f"/communaute/messages/{post_id}/reagir/", {"kind": kind}) == 302:
            self.mine ^= {(post_id, kind)}

    def run(self):
        while time.monotonic() < self.deadline:
            if self.random.random() < 0.5:
                self.reply()
            else:
                self.react()
            time.sleep(self.random.uniform(0, self.think))
        with self.results.lock:
            self.results.reactions |= {(post, self.member.pk, kind) for post, kind in self.mine}


def _session_for(member):
    """A signed-in session written as Django's login() would, in the server's session store."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.save()
    return store.session_key


class Command(BaseCommand):
    help = (
        "Load test on loopback: members post replies and reactions concurrently through HTTP "
        "for a bounded time, then every accepted post and every counter is checked."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--members", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=120)
        parser.add_argument(
            "--think", type=float, default=0.2, help="Longest pause between two actions (s)."
        )
        parser.add_argument("--cleanup", action="store_true", help="Delete what the run made.")

    def handle(self, *args, url, members, seconds, think, cleanup, **options):
        host, port = loopback_address(url)
        if not 0 < seconds <= MAX_SECONDS:
            raise CommandError(f"--seconds must be between 0 and {MAX_SECONDS}.")
        if not 0 < members <= MAX_MEMBERS:
            raise CommandError(f"--members must be between 1 and {MAX_MEMBERS}.")
        space, people, topics = self.prepare(members)
        topic_ids = [topic.pk for topic in topics]
        post_ids = list(Post.objects.filter(topic__in=topics).values_list("pk", flat=True))
        results = Results()
        deadline = time.monotonic() + seconds
        participants = [
            Participant(person, host, port, results, topic_ids, post_ids, deadline, think)
            for person in people
        ]
        threads = [threading.Thread(target=p.run, daemon=True) for p in participants]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(0, deadline - time.monotonic()) + 2 * REQUEST_TIMEOUT + 5)
        if any(thread.is_alive() for thread in threads):
            results.errors.append("some members were still waiting for the server at the end")
        failures = self.verify(space, topics, people, results)
        summary = (
            f"{members} members, {seconds:g} s: {sum(results.statuses.values())} requests "
            f"({', '.join(f'{code}: {n}' for code, n in sorted(results.statuses.items()))}); "
            f"{len(results.accepted)} replies accepted, {len(results.refused)} refused (flood "
            f"limit); {len(results.reactions)} reactions at the end."
        )
        self.stdout.write(summary)
        if cleanup:
            self.clean(space, people)
        if failures:
            raise CommandError("Load test failed:\n- " + "\n- ".join(failures))
        self.stdout.write(self.style.SUCCESS("Every check passed."))

    @transaction.atomic
    def prepare(self, count):
        run = uuid.uuid4().hex[:8]
        space = Space.objects.create(
            name=f"Essai de charge {run}",
            slug=f"essai-de-charge-{run}",
            visibility=Space.Visibility.PRIVATE,
        )
        # Members of a while: the first-day limits are not what is measured here.
        joined = timezone.now() - timedelta(days=2)
        people = []
        for number in range(count + TOPICS):
            person = Member.objects.create_user(
                email=f"charge-{run}-{number}@exemple.invalid",
                password=None,
                display_name=f"Charge {run} {number}",
                date_joined=joined,
            )
            EmailAddress.objects.create(
                user=person, email=person.email, verified=True, primary=True
            )
            SpaceMembership.objects.create(space=space, member=person)
            people.append(person)
        # The topics are opened by members who then stay out, clear of the flood limit.
        topics = []
        for number, opener in enumerate(people[count:]):
            topic, _post = create_topic(
                space, author=opener, title=f"Sujet d'essai {number}", body="Premier message"
            )
            topics.append(topic)
        return space, people[:count], topics

    def verify(self, space, topics, people, results):
        failures = []
        server_errors = {code: n for code, n in results.statuses.items() if code >= 500}
        if server_errors:
            failures.append(f"server errors: {server_errors}")
        unexpected = {
            code: n for code, n in results.statuses.items() if code not in {302, 400} and code < 500
        }
        if unexpected:
            failures.append(f"unexpected answers: {unexpected}")
        failures += results.errors[:10]
        posts = Post.objects.filter(topic__in=topics)
        stored = Counter(
            body.rsplit(" ", 1)[-1]
            for body in posts.filter(body__contains="charge-").values_list("body", flat=True)
        )
        doubled = [marker for marker, n in stored.items() if n > 1]
        if doubled:
            failures.append(f"{len(doubled)} replies stored more than once")
        missing = results.accepted - set(stored)
        if missing:
            failures.append(f"{len(missing)} accepted replies not stored")
        refused_but_stored = results.refused & set(stored)
        if refused_but_stored:
            failures.append(f"{len(refused_but_stored)} refused replies stored anyway")
        for topic in Topic.objects.filter(pk__in=[t.pk for t in topics]):
            rows = posts.filter(topic=topic)
            positions = list(rows.values_list("position", flat=True))
            if topic.post_count != len(positions):
                failures.append(
                    f"topic {topic.pk}: post_count {topic.post_count}, rows {len(positions)}"
                )
            if len(set(positions)) != len(positions) or topic.next_position != (
                (rows.aggregate(Max("position"))["position__max"] or 0) + 1
            ):
                failures.append(f"topic {topic.pk}: positions are not one per post")
        space.refresh_from_db()
        if space.post_count != posts.count() or space.topic_count != len(topics):
            failures.append(
                f"space counters {space.topic_count} topics / {space.post_count} posts, rows "
                f"{len(topics)} / {posts.count()}"
            )
        actual = set(
            Reaction.objects.filter(member__in=people).values_list("post_id", "member_id", "kind")
        )
        if actual != results.reactions:
            failures.append(
                f"reactions: {len(actual - results.reactions)} unexpected, "
                f"{len(results.reactions - actual)} missing"
            )
        return failures

    @transaction.atomic
    def clean(self, space, people):
        # The openers too: everyone the run made is named charge-<run>-<n>@exemple.invalid.
        run = space.slug.rsplit("-", 1)[-1]
        space.delete()
        made = Member.objects.filter(email__startswith=f"charge-{run}-")
        made.filter(email__endswith="@exemple.invalid").delete()
