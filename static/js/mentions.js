// Suggests members while a person types "@" followed by letters in a post's text box.
// An enhancement only: without it, typing the @handle by hand works the same.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script.getAttribute("data-suggestions");
  var space = script.getAttribute("data-space");
  var field = document.querySelector("textarea[name='body']");
  if (!field || !window.fetch) return;

  var list = document.createElement("ul");
  list.id = "mention-suggestions";
  list.className = "mention-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", script.getAttribute("data-label"));
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  field.insertAdjacentElement("afterend", list);
  list.insertAdjacentElement("afterend", status);
  field.setAttribute("aria-controls", list.id);
  field.setAttribute("aria-autocomplete", "list");

  var active = -1;
  var pending = null;

  function typedHandle() {
    var before = field.value.slice(0, field.selectionStart);
    var match = /(?:^|[^\w@.])@([\w-]{1,40})$/.exec(before);
    return match ? match[1] : null;
  }

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    active = -1;
    field.removeAttribute("aria-activedescendant");
  }

  function choose(handle) {
    var start = field.selectionStart;
    var before = field.value.slice(0, start).replace(/@[\w-]*$/, "@" + handle + " ");
    field.value = before + field.value.slice(start);
    field.setSelectionRange(before.length, before.length);
    close();
    field.focus();
  }

  function highlight(index) {
    var items = list.querySelectorAll("li");
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    field.setAttribute("aria-activedescendant", items[active].id);
  }

  function show(results) {
    close();
    results.forEach(function (result, i) {
      var item = document.createElement("li");
      item.id = "mention-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      // The face is decoration: the option's name is its text.
      var face = document.createElement("img");
      face.className = "avatar";
      face.src = result.avatar;
      face.alt = "";
      face.width = 24;
      face.height = 24;
      item.appendChild(face);
      item.appendChild(document.createTextNode(result.name + " (@" + result.handle + ")"));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(result.handle);
      });
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    status.textContent = results.length
      ? script.getAttribute("data-found").replace("#", String(results.length))
      : "";
  }

  field.addEventListener("input", function () {
    var handle = typedHandle();
    if (!handle) return close();
    if (pending) pending.abort();
    pending = new AbortController();
    var url = endpoint + "?q=" + encodeURIComponent(handle) + "&espace=" + encodeURIComponent(space);
    fetch(url, { signal: pending.signal, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { show(data.results); })
      .catch(function () {});
  });

  field.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(list.querySelectorAll("li")[active].textContent.match(/@([\w-]+)\)$/)[1]);
    }
  });
  field.addEventListener("blur", close);
})();
