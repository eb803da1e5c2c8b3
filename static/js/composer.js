// The composer: a formatting toolbar, an « Aperçu » tab rendered by the server, drafts saved
// while typing, files dropped or pasted into the form. An enhancement only: without it the text
// box works as a plain one, and a saved draft is already in it (the server puts it there).
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  var SAVE_DELAY = 1500;

  function csrfToken(form) {
    var field = form && form.querySelector("input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  // Markdown around the selection (or the placeholder when nothing is selected), the
  // selection kept on the text so that pressing the button twice reads naturally.
  function wrap(field, before, after, placeholder) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    var selected = field.value.slice(start, end) || placeholder || "";
    field.setRangeText(before + selected + after, start, end, "end");
    field.setSelectionRange(start + before.length, start + before.length + selected.length);
  }

  // Every selected line (or the current one) starts with the prefix: lists and quotes.
  function prefixLines(field, prefix) {
    var value = field.value;
    var start = value.lastIndexOf("\n", field.selectionStart - 1) + 1;
    var end = value.indexOf("\n", field.selectionEnd);
    if (end === -1) end = value.length;
    var lines = value.slice(start, end).split("\n").map(function (line) {
      return prefix + line;
    });
    var text = lines.join("\n");
    field.setRangeText(text, start, end, "end");
    field.setSelectionRange(start + text.length, start + text.length);
  }

  function insertMention(field) {
    var start = field.selectionStart;
    var before = field.value.slice(0, start);
    var text = before && !/\s$/.test(before) ? " @" : "@";
    field.setRangeText(text, start, field.selectionEnd, "end");
  }

  function setUp(composer) {
    if (composer.hasAttribute("data-composer-ready")) return;
    composer.setAttribute("data-composer-ready", "");
    var field = composer.querySelector("textarea");
    var form = composer.closest("form");
    if (!field) return;
    var bar = composer.querySelector(".composer__bar");
    var write = composer.querySelector(".composer__write");
    var preview = composer.querySelector(".composer__preview");
    var tabs = Array.prototype.slice.call(composer.querySelectorAll("[role='tab']"));
    var toolbar = composer.querySelector("[role='toolbar']");
    var tools = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    bar.hidden = false;
    write.setAttribute("role", "tabpanel");
    write.setAttribute("aria-labelledby", tabs[0].id);

    // The toolbar: one tab stop, arrow keys between its buttons (the ARIA toolbar pattern).
    function run(action) {
      if (action === "bold") wrap(field, "**", "**", "");
      else if (action === "italic") wrap(field, "*", "*", "");
      else if (action === "link") {
        var start = field.selectionStart;
        var label = field.value.slice(start, field.selectionEnd) || composer.getAttribute("data-link-label");
        field.setRangeText("[" + label + "](https://)", start, field.selectionEnd, "end");
        // The address is what is left to type.
        var at = start + label.length + 3;
        field.setSelectionRange(at, at + 8);
      } else if (action === "list") prefixLines(field, "- ");
      else if (action === "quote") prefixLines(field, "> ");
      else if (action === "mention") insertMention(field);
      field.focus();
      // mentions.js and the draft saving listen to what is typed.
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    tools.forEach(function (tool, index) {
      if (index) tool.tabIndex = -1;
      tool.addEventListener("click", function () { run(tool.getAttribute("data-action")); });
    });
    toolbar.addEventListener("keydown", function (event) {
      var index = tools.indexOf(document.activeElement);
      if (index < 0) return;
      var next = null;
      if (event.key === "ArrowRight") next = (index + 1) % tools.length;
      else if (event.key === "ArrowLeft") next = (index - 1 + tools.length) % tools.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = tools.length - 1;
      if (next === null) return;
      event.preventDefault();
      tools[index].tabIndex = -1;
      tools[next].tabIndex = 0;
      tools[next].focus();
    });

    // Écrire / Aperçu: the ARIA tabs pattern; the preview asks the server each time.
    var previewRequest = null;
    function showPreview() {
      if (previewRequest) previewRequest.abort();
      if (!field.value.trim()) {
        preview.textContent = composer.getAttribute("data-empty-label");
        return;
      }
      previewRequest = new AbortController();
      var body = new FormData();
      body.append("body", field.value);
      if (composer.hasAttribute("data-mentions")) body.append("mentions", "1");
      preview.setAttribute("aria-busy", "true");
      fetch(composer.getAttribute("data-preview-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) },
        signal: previewRequest.signal,
      })
        .then(function (response) {
          return response.text().then(function (html) {
            // The server's answer is sanitized HTML, refusals included (a too long text).
            if (response.ok || response.status === 400) preview.innerHTML = html;
            else preview.textContent = composer.getAttribute("data-error-label");
          });
        })
        .catch(function (error) {
          if (error.name !== "AbortError") preview.textContent = composer.getAttribute("data-error-label");
        })
        .finally(function () { preview.removeAttribute("aria-busy"); });
    }
    function select(tab) {
      var showing = tab.getAttribute("data-tab");
      tabs.forEach(function (other) {
        var on = other === tab;
        other.setAttribute("aria-selected", String(on));
        other.tabIndex = on ? 0 : -1;
      });
      write.hidden = showing !== "write";
      preview.hidden = showing !== "preview";
      toolbar.hidden = showing !== "write";
      if (showing === "preview") showPreview();
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { select(tab); });
      tab.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
        event.preventDefault();
        var next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        next.focus();
        select(next);
      });
    });
    if (form) {
      // A refused form shows the text box again, whatever tab was open.
      form.addEventListener("invalid", function () { select(tabs[0]); }, true);
    }

    setUpDrafts(composer, field, form);
    setUpFiles(composer, field, form);
  }

  function setUpDrafts(composer, field, form) {
    var url = composer.getAttribute("data-draft-url");
    var status = composer.querySelector("[data-draft-status]");
    var discard = composer.querySelector("[data-draft-discard]");
    if (!url || !status || !discard) return;
    var place = composer.getAttribute("data-draft-place");
    var saved = field.value;
    var timer = null;
    var publishing = false;

    function save(keepalive) {
      clearTimeout(timer);
      timer = null;
      if (publishing || field.value === saved) return;
      var text = field.value;
      var body = new FormData();
      body.append("place", place);
      body.append("body", text);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
        keepalive: keepalive,
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          saved = text;
          // The same words each time: a screen reader hears them once, not at every pause.
          status.textContent = text.trim() ? composer.getAttribute("data-saved-label") : "";
          discard.hidden = !text.trim();
        })
        .catch(function () {
          if (!keepalive) status.textContent = composer.getAttribute("data-unsaved-label");
        });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    window.addEventListener("pagehide", function () { save(true); });
    if (form) {
      // Publishing discards the draft on the server: nothing must save it again afterwards.
      form.addEventListener("submit", function () {
        publishing = true;
        clearTimeout(timer);
      });
    }

    discard.addEventListener("click", function (event) {
      var link = discard;
      event.preventDefault();
      if (!window.confirm(composer.getAttribute("data-confirm-label"))) return;
      var body = new FormData();
      body.append("lieu", place);
      fetch(link.href, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          clearTimeout(timer);
          field.value = "";
          saved = "";
          status.textContent = "";
          discard.hidden = true;
          field.focus();
        })
        .catch(function () { window.location.href = link.href; });
    });
  }

  // Files dropped on or pasted into the text box join the form's file input, which tells the
  // page (its "change" event) as if they had been picked.
  function setUpFiles(composer, field, form) {
    var input = form && form.querySelector("input[type='file']");
    var hint = composer.querySelector(".composer__drop-hint");
    if (!input || !window.DataTransfer) return;
    if (hint) hint.hidden = false;

    function add(files) {
      if (!files || !files.length) return false;
      var transfer = new DataTransfer();
      if (input.multiple) {
        Array.prototype.forEach.call(input.files, function (file) { transfer.items.add(file); });
        Array.prototype.forEach.call(files, function (file) { transfer.items.add(file); });
      } else {
        transfer.items.add(files[0]);
      }
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }
    function hasFiles(event) {
      return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0;
    }

    field.addEventListener("dragover", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      composer.classList.add("composer--dragging");
    });
    field.addEventListener("dragleave", function () { composer.classList.remove("composer--dragging"); });
    field.addEventListener("drop", function (event) {
      composer.classList.remove("composer--dragging");
      if (!hasFiles(event)) return;
      event.preventDefault();
      add(event.dataTransfer.files);
    });
    field.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      // Pasted text stays text; only pasted files (a screenshot) go to the file input.
      if (data && data.files && data.files.length && add(data.files)) event.preventDefault();
    });
  }

  document.querySelectorAll("[data-composer]").forEach(setUp);
})();
