"""The push channel's two addresses: the event stream and the state of the header's counters.

The stream (GET /direct/flux/?canaux=topic:12,conversation:3, "live:stream") is Server-Sent
Events, for signed-in members, served by the ASGI server (uvicorn). What the page's script
(static/js/live.js) can rely on:

- 200 ``text/event-stream``: first ``retry: <ms>`` (how long the browser waits before it
  reconnects a dropped stream), then ``event: ready`` with data ``{"channels": [...]}``, the
  channels accepted: always the member's own "user:<id>", and those asked for that the member
  may listen to (the others are dropped silently; ask for them again later and the answer may
  differ). Then each event published on those channels as ``event: <name>`` and
  ``data: {"channel": ..., "event": ..., "data": {...ids...}}``, and a comment line
  (``: ping``) every LIVE_HEARTBEAT_SECONDS. The stream ends after LIVE_STREAM_SECONDS and the
  browser reconnects by itself (who may listen is asked again then). Events published while
  a stream was down are not replayed: on every ``ready`` after the first, the page should
  refresh what it shows (counters from live:state, feeds with ?apres=) once.
- 204 (no body): this server cannot hold a stream (WSGI: gunicorn or runserver). EventSource
  treats any answer but 200 as final (readyState CLOSED, no reconnection): the script polls.
- 400 (JSON ``{"error": ...}``): ?canaux= is malformed (more than LIVE_MAX_CHANNELS names, a
  name too long or not "<prefix>:<key>" of letters, digits, "-" and "_"). Poll.
- 403 (JSON): not signed in. Nothing to listen to; the script should not have connected.

The stream looks at the database only when it opens (the session, the member, each channel's
can_listen), then gives its connection back: an idle stream costs no query and holds no
database connection, only a queue on the server's event loop.

The state (GET /direct/etat/, "live:state") answers ``{"counters": {"notifications": n, ...}}``,
every counter the apps registered, never cached; 403 JSON for visitors. It works under WSGI
too: the polling fallback asks it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from passerelles.core.live import can_listen, counters_for, user_channel
from passerelles.core.live.broker import get_broker

logger = logging.getLogger(__name__)

CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_-]*:[A-Za-z0-9_-]+")
# How long a new stream waits for Redis to confirm its subscriptions before saying "ready".
SUBSCRIBE_TIMEOUT = 2.0


class BadChannels(ValueError):
    pass


def requested_channels(raw: str) -> list[str]:
    """The names in ?canaux=, in order, without duplicates; BadChannels when malformed."""
    limit, length = settings.LIVE_MAX_CHANNELS, settings.LIVE_MAX_CHANNEL_LENGTH
    if len(raw) > (limit + 1) * (length + 1):
        raise BadChannels
    names = list(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))
    if len(names) > limit + 1:  # the member's own channel may be asked for too
        raise BadChannels
    for name in names:
        if len(name) > length or not CHANNEL_NAME.fullmatch(name):
            raise BadChannels
    return names


def may_listen(user, channel: str) -> bool:
    try:
        return can_listen(user, channel)
    except Exception:  # an app's check that breaks refuses; the stream still opens
        logger.exception("Live updates: can_listen failed for %s", channel)
        return False


def accepted_channels(request: HttpRequest, names: list[str]) -> list[str] | None:
    """The channels this member may listen to (their own first); None for a visitor."""
    user = request.user
    if not user.is_authenticated:
        return None
    own = user_channel(user.pk)
    return [own, *(name for name in names if name != own and may_listen(user, name))]


def release_database_connections() -> None:
    """Give back this thread's database connections (to the pool, or closed): an open stream
    must not hold one. Connections inside a transaction (a test's) are left alone."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def event_bytes(event: str, data: object) -> bytes:
    name = re.sub(r"[^A-Za-z0-9_.-]", "", event) or "message"
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


async def events(channels: list[str]) -> AsyncIterator[bytes]:
    broker = get_broker()
    queue: asyncio.Queue = asyncio.Queue(maxsize=settings.LIVE_QUEUE_SIZE)
    broker.subscribe(channels, queue)
    try:
        # The request's middleware ran in this request's thread: its connection goes back now.
        await sync_to_async(release_database_connections)()
        await broker.wait_subscribed(channels, SUBSCRIBE_TIMEOUT)
        yield f"retry: {settings.LIVE_RETRY_MILLISECONDS}\n\n".encode()
        yield event_bytes("ready", {"channels": channels})
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + settings.LIVE_STREAM_SECONDS
        while (left := ends_at - loop.time()) > 0:
            try:
                payload = await asyncio.wait_for(
                    queue.get(), timeout=min(settings.LIVE_HEARTBEAT_SECONDS, left)
                )
            except TimeoutError:
                yield b": ping\n\n"
                continue
            yield event_bytes(str(payload.get("event", "")), payload)
    finally:
        broker.unsubscribe(channels, queue)


def refusal(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
async def stream(request: HttpRequest) -> HttpResponse:
    try:
        names = requested_channels(request.GET.get("canaux", ""))
    except BadChannels:
        return refusal(
            _("Liste de canaux invalide : au plus %(count)d noms de la forme « type:numéro ».")
            % {"count": settings.LIVE_MAX_CHANNELS},
            400,
        )
    channels = await sync_to_async(accepted_channels)(request, names)
    if channels is None:
        return refusal(_("Connectez-vous pour recevoir les nouveautés en direct."), 403)
    if not isinstance(request, ASGIRequest):
        # gunicorn would lose a thread for as long as the page stays open: poll instead.
        response = HttpResponse(status=204)
        response["Cache-Control"] = "no-store"
        return response
    response = StreamingHttpResponse(events(channels), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    # nginx would otherwise hold the events back in its buffer.
    response["X-Accel-Buffering"] = "no"
    return response


@never_cache
@require_GET
def state(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return refusal(_("Connectez-vous pour voir vos compteurs."), 403)
    return JsonResponse({"counters": counters_for(request.user)})
