"""The house plan's one direction of dependencies (ARCHITECTURE.md), checked on every module's
imports: a lower layer that imports a higher one fails here before it tangles the apps."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each layer and the packages it must never import, itself excepted.
APPS = ("communaute", "ressources", "passerelles.pages", "passerelles.search", "passerelles.urls")
FORBIDDEN = {
    "passerelles.core": APPS,
    "communaute": ("ressources", "passerelles.pages"),
    "ressources": ("passerelles.pages",),
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path):
    """Every module the file imports, at its top or inside a function, relative imports
    resolved against the file's own package."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield module
            # "from passerelles import pages" imports passerelles.pages.
            yield from (f"{module}.{alias.name}" for alias in node.names)


def within(module, package):
    return module == package or module.startswith(package + ".")


def modules_of(layer):
    return sorted((ROOT / layer.replace(".", "/")).rglob("*.py"))


def violations(layer):
    found = []
    for path in modules_of(layer):
        for module in imported_modules(path):
            if any(within(module, forbidden) for forbidden in FORBIDDEN[layer]):
                found.append(f"{module_name(path)} imports {module}")
    return sorted(set(found))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_a_layer_above_it(layer):
    assert modules_of(layer), f"no module found for {layer}"
    assert violations(layer) == []


def test_the_guard_sees_absolute_relative_and_nested_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    package = tmp_path / "communaute" / "services"
    package.mkdir(parents=True)
    (tmp_path / "communaute" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text(
        "from ..models import Space\n"
        "from ...ressources import models\n"
        "from passerelles import pages\n"
        "def later():\n"
        "    import ressources.services.needs\n"
    )

    assert violations("communaute") == [
        "communaute.services.bad imports passerelles.pages",
        "communaute.services.bad imports ressources",
        "communaute.services.bad imports ressources.models",
        "communaute.services.bad imports ressources.services.needs",
    ]


def import_cycle(package):
    """A cycle of imports among the package's modules, as a list of names, or None. Importing
    a.b.c runs a.b too, so a module that imports a sibling depends on the package's own
    __init__ as well."""
    modules = {module_name(path): path for path in modules_of(package)}
    graph = {
        name: sorted(
            {
                other
                for module in imported_modules(path)
                for other in modules
                if other != name and within(module, other)
            }
        )
        for name, path in modules.items()
    }
    done, path = set(), []

    def visit(name):
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        path.append(name)
        for other in graph[name]:
            if cycle := visit(other):
                return cycle
        path.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        if cycle := visit(name):
            return cycle
    return None


def test_the_notification_modules_import_each_other_without_a_cycle():
    # The registry and the centre come first; delivery depends on them, never the reverse.
    assert import_cycle("communaute.notifications") is None


def test_the_cycle_guard_sees_a_cycle_through_a_late_import(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    package = tmp_path / "communaute" / "notifications"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "emails.py").write_text("from communaute.notifications.centre import notify\n")
    (package / "centre.py").write_text(
        "def notify():\n    from communaute.notifications import tasks\n"
    )
    (package / "tasks.py").write_text("from .emails import deliver\n")

    assert import_cycle("communaute.notifications") == [
        "communaute.notifications.centre",
        "communaute.notifications.tasks",
        "communaute.notifications.emails",
        "communaute.notifications.centre",
    ]
