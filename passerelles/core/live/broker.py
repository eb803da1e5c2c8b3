"""Where published events travel, from the write that publishes them to the open streams.

Two brokers with one interface; settings.LIVE_REDIS_URL chooses (LIVE_BROKER, see settings):

- ``InProcessBroker`` (no Redis): fan-out inside one process. Enough for one server process
  (``make run``, a small site with one uvicorn worker), where writes and streams meet.
- ``RedisBroker``: Redis pub/sub between processes (gunicorn writes, uvicorn streams, several
  machines). Each process publishes with a plain synchronous client (PUBLISH, from any thread)
  and holds ONE subscriber connection per event loop (a uvicorn worker has one), subscribed to
  the channels its open streams listen to (reference-counted: the first stream of a channel
  subscribes, the last one to close unsubscribes) and fanning messages out to their queues.

The interface, used by passerelles.core.live (publish) and its stream view:

- ``publish(channel, payload)``: from any thread; never raises (a write must not fail because
  the push channel is down: the event is logged and dropped, pages catch up at their next
  event or poll);
- ``subscribe(channels, queue)`` / ``unsubscribe(channels, queue)``: from the event loop that
  reads the asyncio queue; payloads arrive on the queue as dicts;
- ``await wait_subscribed(channels, timeout)``: returns once an event published from now on
  reaches the queue (Redis confirmed the subscriptions), or after timeout (Redis away).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
import weakref
from collections import defaultdict
from typing import Any

import redis
import redis.asyncio

logger = logging.getLogger(__name__)

# A Redis that does not answer costs a write at most this long, once per RETRY_SECONDS.
PUBLISH_TIMEOUT = 0.5
RETRY_SECONDS = 5.0
# The subscriber's reconnection delays (doubling), and how often it checks an idle connection.
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)
PING_SECONDS = 30.0
# Subscribed by every hub so that its connection is always in subscribed mode.
HUB_CHANNEL = "_hub"


def deliver(queue: asyncio.Queue, payload: dict[str, Any]) -> None:
    """Put payload on a stream's queue, in the queue's loop; a full queue drops it."""
    try:
        queue.put_nowait(payload)
    except asyncio.QueueFull:
        logger.warning("Live stream too slow: event dropped on %s", payload.get("channel"))


def post(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue, payload: dict[str, Any]) -> None:
    """deliver() from any thread."""
    # RuntimeError: the stream's loop is closed, the stream is gone.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(deliver, queue, payload)


class InProcessBroker:
    """Fan-out inside one process: each stream holds an asyncio queue on its own loop;
    publishers may be any thread (sync views run in threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = defaultdict(
            set
        )

    def publish(self, channel: str, payload: dict[str, Any]) -> None:
        with self._lock:
            listeners = list(self._queues.get(channel, ()))
        for loop, queue in listeners:
            post(loop, queue, payload)

    def subscribe(self, channels: list[str], queue: asyncio.Queue) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            for channel in channels:
                self._queues[channel].add((loop, queue))

    def unsubscribe(self, channels: list[str], queue: asyncio.Queue) -> None:
        with self._lock:
            for channel in channels:
                listeners = self._queues.get(channel)
                if listeners is None:
                    continue
                listeners.difference_update({item for item in listeners if item[1] is queue})
                if not listeners:
                    del self._queues[channel]

    async def wait_subscribed(self, channels: list[str], timeout: float) -> bool:
        return True

    def listening(self) -> int:
        """How many channels have at least one stream (for tests and the benchmark)."""
        with self._lock:
            return len(self._queues)


class RedisBroker:
    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self._client = redis.Redis.from_url(
            url, socket_timeout=PUBLISH_TIMEOUT, socket_connect_timeout=PUBLISH_TIMEOUT
        )
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0
        self.dropped = 0
        self._hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RedisHub] = (
            weakref.WeakKeyDictionary()
        )

    # Publishing, from any thread -------------------------------------------------------------

    def publish(self, channel: str, payload: dict[str, Any]) -> None:
        if self._down_since is not None and time.monotonic() < self._retry_at:
            self.dropped += 1
            return
        try:
            self._client.publish(self.prefix + channel, json.dumps(payload))
        except (redis.RedisError, OSError) as error:
            self.dropped += 1
            with self._lock:
                starting = self._down_since is None
                if starting:
                    self._down_since = time.monotonic()
                self._retry_at = time.monotonic() + RETRY_SECONDS
            if starting:
                logger.error("Live updates: Redis unreachable, events dropped: %s", error)
            return
        if self._down_since is not None:
            with self._lock:
                lasted, self._down_since = time.monotonic() - (self._down_since or 0), None
            logger.warning("Live updates: Redis answers again after %.1f s.", lasted)

    # Streams, on their event loop -------------------------------------------------------------

    def hub(self) -> RedisHub:
        loop = asyncio.get_running_loop()
        hub = self._hubs.get(loop)
        if hub is None or hub.task.done():
            hub = self._hubs[loop] = RedisHub(self)
        return hub

    def subscribe(self, channels: list[str], queue: asyncio.Queue) -> None:
        self.hub().add(channels, queue)

    def unsubscribe(self, channels: list[str], queue: asyncio.Queue) -> None:
        self.hub().remove(channels, queue)

    async def wait_subscribed(self, channels: list[str], timeout: float) -> bool:
        return await self.hub().wait_subscribed(channels, timeout)

    def listening(self) -> int:
        try:
            return len(self.hub().listeners)
        except RuntimeError:
            return 0


class RedisHub:
    """The one subscriber connection of an event loop, and the streams' queues behind it.

    One task owns the connection: it connects, subscribes to what the streams want, reads the
    messages and fans them out; a writer beside it sends SUBSCRIBE/UNSUBSCRIBE as streams come
    and go. When Redis goes away, the task logs it once, waits and reconnects, subscribing
    again to every channel still wanted: the streams stay open and simply receive again.
    """

    def __init__(self, broker: RedisBroker) -> None:
        self.broker = broker
        self.listeners: dict[str, set[asyncio.Queue]] = {}
        self.confirmed: set[str] = set()
        self._waiters: dict[str, list[asyncio.Future]] = defaultdict(list)
        self._changed = asyncio.Event()
        self.connected = asyncio.Event()
        self._reached = False
        self.task = asyncio.get_running_loop().create_task(self._run(), name="live-redis-hub")

    def add(self, channels: list[str], queue: asyncio.Queue) -> None:
        for channel in channels:
            self.listeners.setdefault(channel, set()).add(queue)
        self._changed.set()

    def remove(self, channels: list[str], queue: asyncio.Queue) -> None:
        for channel in channels:
            queues = self.listeners.get(channel)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self.listeners[channel]
        self._changed.set()

    async def wait_subscribed(self, channels: list[str], timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        waiting = []
        for channel in channels:
            if channel not in self.confirmed:
                future = loop.create_future()
                self._waiters[channel].append(future)
                waiting.append(future)
        if not waiting:
            return True
        _done, pending = await asyncio.wait(waiting, timeout=timeout)
        for future in pending:
            future.cancel()
        return not pending

    async def _run(self) -> None:
        attempt = 0
        while True:
            self._reached = False
            try:
                await self._serve()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # whatever broke: reconnect
                if self._reached or attempt == 0:
                    logger.error("Live updates: Redis subscriber lost, reconnecting: %s", error)
            if self._reached:
                attempt = 0
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            attempt += 1

    async def _serve(self) -> None:
        prefix = self.broker.prefix
        client = redis.asyncio.Redis.from_url(
            self.broker.url, socket_connect_timeout=2, socket_keepalive=True
        )
        pubsub = client.pubsub()
        requested: set[str] = set()
        try:
            await pubsub.subscribe(prefix + HUB_CHANNEL)

            async def write() -> None:
                while True:
                    try:
                        await asyncio.wait_for(self._changed.wait(), timeout=PING_SECONDS)
                    except TimeoutError:
                        await pubsub.ping()
                        continue
                    self._changed.clear()
                    wanted = set(self.listeners)
                    if added := wanted - requested:
                        await pubsub.subscribe(*(prefix + channel for channel in added))
                        requested.update(added)
                    if dropped := requested - wanted:
                        await pubsub.unsubscribe(*(prefix + channel for channel in dropped))
                        requested.difference_update(dropped)
                        self.confirmed.difference_update(dropped)

            async def read() -> None:
                while True:
                    message = await pubsub.get_message(timeout=None)
                    if message is not None:
                        self._receive(message)

            self._changed.set()  # subscribe to what is wanted already
            tasks = [asyncio.ensure_future(write()), asyncio.ensure_future(read())]
            try:
                done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
                for task in done:
                    task.result()
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self.connected.clear()
            self.confirmed.clear()
            with contextlib.suppress(Exception):  # closing a broken connection
                await pubsub.aclose()
                await client.aclose()

    def _receive(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        raw_channel = message.get("channel") or b""
        if isinstance(raw_channel, bytes):
            raw_channel = raw_channel.decode("utf-8", "replace")
        channel = raw_channel.removeprefix(self.broker.prefix)
        if kind == "subscribe":
            if channel == HUB_CHANNEL:
                self._reached = True
                self.connected.set()
                return
            self.confirmed.add(channel)
            for future in self._waiters.pop(channel, []):
                if not future.done():
                    future.set_result(True)
        elif kind == "message":
            try:
                payload = json.loads(message["data"])
            except (TypeError, ValueError):
                logger.warning("Live updates: unreadable message on %s", raw_channel)
                return
            for queue in list(self.listeners.get(channel, ())):
                deliver(queue, payload)


_brokers: dict[str, InProcessBroker | RedisBroker] = {}
_brokers_lock = threading.Lock()


def get_broker() -> InProcessBroker | RedisBroker:
    """The broker settings.LIVE_REDIS_URL names (one per address, for the whole process)."""
    from django.conf import settings

    url = getattr(settings, "LIVE_REDIS_URL", "")
    prefix = getattr(settings, "LIVE_CHANNEL_PREFIX", "passerelles:live:")
    key = f"{prefix} {url}"
    broker = _brokers.get(key)
    if broker is None:
        with _brokers_lock:
            broker = _brokers.get(key)
            if broker is None:
                broker = RedisBroker(url, prefix) if url else InProcessBroker()
                _brokers[key] = broker
    return broker
