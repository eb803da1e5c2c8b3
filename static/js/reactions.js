// Reactions without reloading the page. The buttons of every post submit the page's one
// reaction form (it holds the posts), naming their post and kind in their value. Without
// JavaScript (or if this fails) the form posts as usual and the page comes back at the post.
document.addEventListener("submit", async (event) => {
    const form = event.target;
    const button = event.submitter;
    if (!form.matches("form[data-reaction]") || !button) {
        return;
    }
    event.preventDefault();
    // The IDL formAction falls back to the page address, not the form's: read the attribute.
    const action = button.getAttribute("formaction") || form.action;
    const body = new FormData(form);
    body.set(button.name, button.value);
    button.disabled = true;
    try {
        const response = await fetch(action, {
            method: "POST",
            body,
            headers: { Accept: "application/json" },
            credentials: "same-origin",
        });
        if (!response.ok) {
            throw new Error(`HTTP ${response.status}`);
        }
        const reaction = await response.json();
        button.setAttribute("aria-pressed", String(reaction.mine));
        button.classList.toggle("reaction--mine", reaction.mine);
        // A count of zero is left out of the page (communaute/templatetags/posts.py).
        let count = button.querySelector(".count");
        if (!count) {
            count = document.createElement("span");
            count.className = "count";
            button.append(" ", count);
        }
        count.textContent = reaction.count;
        count.hidden = reaction.count === 0;
    } catch {
        const kind = document.createElement("input");
        kind.type = "hidden";
        kind.name = button.name;
        kind.value = button.value;
        form.append(kind);
        form.action = action;
        form.submit();
    } finally {
        button.disabled = false;
    }
});
