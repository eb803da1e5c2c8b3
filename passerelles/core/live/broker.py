"""Where published events travel. Placeholder in-process broker: the live-channel work replaces
it with the Redis pub/sub hub (several processes) and keeps this one for a single process."""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from functools import cache
from typing import Any


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
            loop.call_soon_threadsafe(queue.put_nowait, payload)

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


@cache
def get_broker() -> InProcessBroker:
    return InProcessBroker()
