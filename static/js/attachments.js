// Asks what each chosen image shows (its alternative text), right below the file input: one
// labelled field per image, named <input name>_alt_<index in the file list>, as
// passerelles/core/forms.py (AttachmentsInput) reads them. Files chosen by drag-and-drop or
// pasted arrive the same way (the composer dispatches "change"). Without JavaScript the author
// describes images on the post's edit page; left empty, the file's name stands in.

const boxAfter = (input) => {
    const next = input.nextElementSibling;
    if (next && next.matches("[data-alt-texts]")) {
        return next;
    }
    const box = document.createElement("div");
    box.className = "alt-texts";
    box.dataset.altTexts = "";
    input.after(box);
    return box;
};

const altField = (input, file, index, typed) => {
    const id = `${input.id || input.name}_alt_${index}`;
    const wrapper = document.createElement("div");
    wrapper.className = "alt-text";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = input.dataset.altLabel.replace("{name}", file.name);
    const help = document.createElement("div");
    help.className = "helptext";
    help.id = `${id}_helptext`;
    help.textContent = input.dataset.altHelp;
    const field = document.createElement("input");
    field.type = "text";
    field.id = id;
    field.name = `${input.name}_alt_${index}`;
    field.maxLength = Number(input.dataset.altMax) || 250;
    field.setAttribute("aria-describedby", help.id);
    field.dataset.fileName = file.name;
    // Choosing the files again keeps what was already written for the same image.
    field.value = typed.get(file.name) || "";
    wrapper.append(label, help, field);
    return wrapper;
};

const describe = (input) => {
    const box = boxAfter(input);
    const typed = new Map();
    for (const field of box.querySelectorAll("input")) {
        typed.set(field.dataset.fileName, field.value);
    }
    const fields = [];
    Array.from(input.files || []).forEach((file, index) => {
        if (file.type.startsWith("image/")) {
            fields.push(altField(input, file, index, typed));
        }
    });
    box.replaceChildren(...fields);
};

document.addEventListener("change", (event) => {
    if (event.target.matches("input[type=file][data-attachments]")) {
        describe(event.target);
    }
});
