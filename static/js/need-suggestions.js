// "Cela existe peut-être déjà": while a need is typed, ask the server for similar needs and
// matching services. An enhancement only: without it, they are shown once after submitting.
(function () {
    "use strict";
    var region = document.getElementById("need-suggestions");
    var form = document.querySelector("[data-need-form] form");
    if (!region || !form || !window.fetch) {
        return;
    }
    var timer = null;
    var lastQuery = "";

    function query() {
        var data = new FormData(form);
        var params = new URLSearchParams();
        ["title", "description", "category", "province"].forEach(function (name) {
            params.append(name, data.get(name) || "");
        });
        data.getAll("disciplines").forEach(function (code) {
            params.append("disciplines", code);
        });
        return params.toString();
    }

    function refresh() {
        var current = query();
        if (current === lastQuery) {
            return;
        }
        lastQuery = current;
        fetch(region.dataset.url + "?" + current, { headers: { "X-Requested-With": "fetch" } })
            .then(function (response) {
                return response.ok ? response.text() : "";
            })
            .then(function (html) {
                // A slower earlier answer must not replace a newer one.
                if (current === lastQuery) {
                    region.innerHTML = html;
                }
            })
            .catch(function () {});
    }

    function schedule() {
        window.clearTimeout(timer);
        timer = window.setTimeout(refresh, 400);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
})();
