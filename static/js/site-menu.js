// The header's menu is a <details>: closed on small screens, shown on wide ones by CSS where the
// browser styles ::details-content. Elsewhere, keep it open on wide screens here.
(function () {
    var menu = document.querySelector("[data-site-menu]");
    if (!menu || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 52rem)");
    function follow() { if (wide.matches) menu.open = true; }
    follow();
    if (wide.addEventListener) wide.addEventListener("change", follow);
    menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open && !wide.matches) {
            menu.open = false;
            menu.querySelector("summary").focus();
        }
    });
})();
