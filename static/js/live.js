// Live updates: new items in a page's feeds and the header's counters, without reloading.
// The server side and its promises: passerelles/core/live/views.py. An event is only a poke
// ("something new on topic:12"); what is new comes from ordinary, permission-checked views:
// a feed's fragment (url?apres=<last id>) and the counters' state (body[data-live-state]).
//
// In the page (signed-in members only; without JavaScript nothing changes, a reload shows all):
//   <body data-live-stream="/direct/flux/" data-live-state="/direct/etat/" data-live-poll="30">
//   <div id="live-region" class="visually-hidden" role="status" aria-live="polite"></div>
//   <div data-live-feed data-live-channel="topic:12" data-live-url="…/nouveaux/"
//        data-live-after="812" data-live-mode="append|announce"
//        data-live-label-one="1 nouveau message — l'afficher"
//        data-live-label-other="{n} nouveaux messages — les afficher"> …items… </div>
//   Each item of a fragment: <… data-live-item="<id>" data-live-announce="Nouveau message de …">
//   <span data-live-counter="notifications" hidden> <span data-live-count>0</span> …
//        <span data-live-count-label data-live-label-one="non lue" data-live-label-other="non lues">
//   A feed may name the events it follows: data-live-events="post message" (default below).
//
// body[data-live-status] says where the script is, for tests: "connecting", "live", "polling".
(() => {
    "use strict";
    const body = document.body;
    const streamUrl = body.dataset.liveStream;
    const stateUrl = body.dataset.liveState;
    if (!streamUrl || !stateUrl) {
        return;
    }
    const pollMilliseconds = Math.max(5, Number(body.dataset.livePoll) || 30) * 1000;
    const region = document.getElementById("live-region");
    const feeds = [...document.querySelectorAll("[data-live-feed][data-live-channel][data-live-url]")];
    // The events a feed refreshes on when it names none: what the apps publish on their channels.
    const defaultEvents = ["post", "message", "status", "update"];
    const state = new Map(feeds.map((feed) => [feed, { pending: [], busy: null, again: false, button: null }]));
    let source = null;
    let readyOnce = false;
    let pollTimer = null;

    function setStatus(status) {
        body.dataset.liveStatus = status;
    }

    function announce(texts) {
        const text = texts.filter(Boolean).join(" ");
        if (!region || !text) {
            return;
        }
        // Emptied first, so that the same sentence twice is read twice.
        region.textContent = "";
        window.setTimeout(() => {
            region.textContent = text;
        }, 100);
    }

    function plural(element, count) {
        const label = count === 1 ? element.dataset.liveLabelOne : element.dataset.liveLabelOther;
        return (label || "").replace("{n}", String(count));
    }

    // Counters ---------------------------------------------------------------------------------

    function showCounters(counters) {
        for (const element of document.querySelectorAll("[data-live-counter]")) {
            const count = counters[element.dataset.liveCounter];
            if (typeof count !== "number") {
                continue;
            }
            const number = element.querySelector("[data-live-count]") || element;
            number.textContent = String(count);
            const label = element.querySelector("[data-live-count-label]");
            if (label) {
                label.textContent = plural(label, count);
            }
            element.hidden = count === 0;
        }
    }

    async function refreshCounters() {
        try {
            const response = await fetch(stateUrl, {
                credentials: "same-origin",
                cache: "no-store",
                headers: { Accept: "application/json" },
            });
            if (response.ok) {
                showCounters((await response.json()).counters || {});
            }
        } catch {
            // Offline for a moment: the next event or poll asks again.
        }
    }

    // Feeds ------------------------------------------------------------------------------------

    function knownIds(feed) {
        const ids = new Set([...feed.querySelectorAll("[data-live-item]")].map((item) => item.dataset.liveItem));
        for (const item of state.get(feed).pending) {
            ids.add(item.dataset.liveItem);
        }
        return ids;
    }

    function fragmentUrl(feed) {
        const url = new URL(feed.dataset.liveUrl, window.location.href);
        url.searchParams.set("apres", feed.dataset.liveAfter || "0");
        return url;
    }

    function insert(feed, items) {
        feed.append(...items);
        announce(items.map((item) => item.dataset.liveAnnounce));
    }

    function showButton(feed) {
        const feedState = state.get(feed);
        if (!feedState.button) {
            const wrapper = document.createElement("p");
            wrapper.className = "live-more";
            const button = document.createElement("button");
            button.type = "button";
            button.className = "button button--secondary live-more__button";
            button.addEventListener("click", () => reveal(feed));
            wrapper.append(button);
            feed.after(wrapper);
            feedState.button = button;
        }
        const label = plural(feed, feedState.pending.length);
        feedState.button.textContent = label;
        announce([label]);
    }

    function reveal(feed) {
        const feedState = state.get(feed);
        const items = feedState.pending;
        feedState.pending = [];
        feedState.button.parentElement.remove();
        feedState.button = null;
        if (!items.length) {
            return;
        }
        insert(feed, items);
        items[0].setAttribute("tabindex", "-1");
        items[0].focus();
    }

    async function fetchNew(feed) {
        const response = await fetch(fragmentUrl(feed), {
            credentials: "same-origin",
            cache: "no-store",
            headers: { Accept: "text/html" },
        });
        if (response.status !== 200) {
            return; // 204: nothing new; 403/404: no longer readable, nothing to show
        }
        const template = document.createElement("template");
        template.innerHTML = await response.text();
        // The outermost items, wherever the fragment puts them; one already shown is skipped.
        const received = [...template.content.querySelectorAll("[data-live-item]")].filter(
            (item) => !item.parentElement || !item.parentElement.closest("[data-live-item]"),
        );
        if (received.length) {
            feed.dataset.liveAfter = received[received.length - 1].dataset.liveItem;
        }
        const known = knownIds(feed);
        const items = received.filter((item) => !known.has(item.dataset.liveItem));
        if (!items.length) {
            return;
        }
        if (feed.dataset.liveMode === "announce") {
            state.get(feed).pending.push(...items);
            showButton(feed);
        } else {
            insert(feed, items);
        }
    }

    // One request per feed at a time; an event during it asks once more after it.
    async function refreshFeed(feed) {
        const feedState = state.get(feed);
        if (feedState.busy) {
            feedState.again = true;
            return feedState.busy;
        }
        feedState.busy = (async () => {
            do {
                feedState.again = false;
                try {
                    await fetchNew(feed);
                } catch {
                    // Offline for a moment: the next event or poll asks again.
                }
            } while (feedState.again);
            feedState.busy = null;
        })();
        return feedState.busy;
    }

    function catchUp() {
        refreshCounters();
        feeds.forEach(refreshFeed);
    }

    // Fallback: a light poll, paused while the tab is hidden --------------------------------------

    function startPolling() {
        setStatus("polling");
        if (source) {
            source.close();
            source = null;
        }
        if (pollTimer === null && document.visibilityState !== "hidden") {
            pollTimer = window.setInterval(catchUp, pollMilliseconds);
        }
    }

    document.addEventListener("visibilitychange", () => {
        if (body.dataset.liveStatus !== "polling") {
            return;
        }
        if (document.visibilityState === "hidden") {
            window.clearInterval(pollTimer);
            pollTimer = null;
        } else if (pollTimer === null) {
            catchUp();
            pollTimer = window.setInterval(catchUp, pollMilliseconds);
        }
    });

    // The stream ---------------------------------------------------------------------------------

    function onEvent(event) {
        let channel = "";
        try {
            channel = JSON.parse(event.data).channel || "";
        } catch {
            return;
        }
        for (const feed of feeds) {
            if (feed.dataset.liveChannel === channel) {
                refreshFeed(feed);
            }
        }
    }

    function connect() {
        if (!("EventSource" in window)) {
            startPolling();
            return;
        }
        setStatus("connecting");
        const url = new URL(streamUrl, window.location.href);
        const channels = [...new Set(feeds.map((feed) => feed.dataset.liveChannel))];
        if (channels.length) {
            url.searchParams.set("canaux", channels.join(","));
        }
        source = new EventSource(url);
        source.addEventListener("ready", () => {
            setStatus("live");
            // Events published while the stream was down are not replayed: ask once.
            if (readyOnce) {
                catchUp();
            }
            readyOnce = true;
        });
        source.addEventListener("counters", refreshCounters);
        const names = new Set(defaultEvents);
        for (const feed of feeds) {
            for (const name of (feed.dataset.liveEvents || "").split(/\s+/)) {
                if (name) {
                    names.add(name);
                }
            }
        }
        for (const name of names) {
            source.addEventListener(name, onEvent);
        }
        source.addEventListener("error", () => {
            // CLOSED: the server answered 204 (no stream under WSGI), 400 or 403: poll instead.
            // CONNECTING: the stream dropped and the browser reconnects by itself ("ready").
            if (source && source.readyState === EventSource.CLOSED) {
                startPolling();
            } else if (source) {
                setStatus("connecting");
            }
        });
    }

    connect();
})();
