"""The house plan (ARCHITECTURE.md), checked on every module: one direction of dependencies, one
module per topic inside layer packages (no topic prefixes), and apps that reach each other only
through their public layers."""

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


# Inside an app, code lives in layer packages with one module per topic: a file's path says both
# what it is and what it is about (communaute/views/forum.py, never communaute/forum_views.py).
APP_PACKAGES = ("communaute", "ressources", "passerelles.pages", "passerelles.core")
LAYERS = {
    "models",
    "selectors",
    "services",
    "permissions",
    "views",
    "forms",
    "admin",
    "urls",
    "notifications",
    "hooks",
    "tasks",
}


def module_stems(layer):
    return {path.stem for path in modules_of(layer) if path.stem != "__init__"}


def prefixed_modules(layer):
    """Modules named '<topic>_<something>' where <topic> is a layer or another module's topic."""
    stems = {stem for stem in module_stems(layer) if "migrations" not in stem}
    topics = LAYERS | stems | {stem.removesuffix("s") for stem in stems | LAYERS}
    found = []
    for path in modules_of(layer):
        if "migrations" in path.parts or path.stem.startswith("_"):
            continue
        if any(path.stem.startswith(f"{topic}_") for topic in topics if topic):
            found.append(module_name(path))
    return sorted(found)


@pytest.mark.parametrize("layer", APP_PACKAGES)
def test_no_module_name_starts_with_a_topic_prefix(layer):
    assert prefixed_modules(layer) == []


# What an app offers the others: its data, its reads, its writes, its rules, the hooks it lets
# higher layers fill, and (communaute) the notification centre. Views, forms, admin, URLs,
# template tags, signals and app configuration stay private to their app.
PUBLIC_LAYERS = ("models", "selectors", "services", "permissions", "hooks", "notifications")
# The top of the house may wire anything together.
WIRING = ("passerelles.urls", "passerelles.settings")


def app_of(module):
    apps = (*APP_PACKAGES, "passerelles.search", "passerelles.demo")
    return next((app for app in apps if within(module, app)), None)


def private_imports(layer):
    found = []
    for path in modules_of(layer):
        if "migrations" in path.parts:
            continue
        importer = module_name(path)
        if any(within(importer, wiring) for wiring in WIRING):
            continue
        for module in imported_modules(path):
            app = app_of(module)
            if app is None or app == app_of(importer) or app == "passerelles.core":
                continue
            rest = module.removeprefix(app).lstrip(".").split(".")
            # "from ressources import models" imports the app itself, then its public layer.
            if rest != [""] and rest[0] not in PUBLIC_LAYERS:
                found.append(f"{importer} imports {module}")
    return sorted(set(found))


@pytest.mark.parametrize(
    "layer",
    ["communaute", "ressources", "passerelles.pages", "passerelles.search", "passerelles.demo"],
)
def test_apps_reach_each_other_through_their_public_layers_only(layer):
    assert private_imports(layer) == []


def test_the_guards_see_prefixed_modules_and_private_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    for package in ("communaute/views", "ressources/views"):
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "communaute" / "__init__.py").write_text("")
    (tmp_path / "ressources" / "__init__.py").write_text("")
    (tmp_path / "communaute" / "views" / "forum.py").write_text("")
    (tmp_path / "communaute" / "forum_views.py").write_text("")
    (tmp_path / "communaute" / "forms_forum.py").write_text("")
    (tmp_path / "ressources" / "need_services.py").write_text(
        "from communaute.models import Space\n"
    )
    (tmp_path / "ressources" / "views" / "needs.py").write_text(
        "from communaute.views.forum import topic_url\n"
        "from communaute.services.forum import create_topic\n"
        "def later():\n"
        "    from communaute import forms\n"
    )

    assert prefixed_modules("communaute") == ["communaute.forms_forum", "communaute.forum_views"]
    assert prefixed_modules("ressources") == ["ressources.need_services"]
    assert private_imports("ressources") == [
        "ressources.views.needs imports communaute.forms",
        "ressources.views.needs imports communaute.views.forum",
        "ressources.views.needs imports communaute.views.forum.topic_url",
    ]


def test_what_the_page_models_use_never_imports_them_back():
    """The page models route to their feed and view and take their form and permission tester
    at import time: none of these imports the models back, even inside a function."""
    for name in ("feeds", "forms", "permissions", "views"):
        path = ROOT / "passerelles" / "pages" / f"{name}.py"
        assert not [
            module
            for module in imported_modules(path)
            if within(module, "passerelles.pages.models")
        ], f"passerelles.pages.{name} imports the page models"


# The demo content lives in passerelles.demo, driven by seed_demo; the product never needs it.
PRODUCT = ("communaute", "ressources", "passerelles.core", "passerelles.pages")


@pytest.mark.parametrize("package", PRODUCT)
def test_no_demo_module_lives_in_the_product_code(package):
    root = ROOT / package.replace(".", "/")
    assert [
        module_name(path)
        for path in modules_of(package)
        if any("demo" in part.lower() for part in path.relative_to(root).with_suffix("").parts)
    ] == []


@pytest.mark.parametrize("package", PRODUCT)
def test_the_product_code_never_imports_the_demo(package):
    assert [
        f"{module_name(path)} imports {module}"
        for path in modules_of(package)
        for module in imported_modules(path)
        if within(module, "passerelles.demo")
    ] == []


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


# Service functions are the app's writes that every layer above calls: their signatures say
# what they take and give back.
SERVICE_PACKAGES = ("communaute.services", "ressources.services")


def unannotated_service_functions(package):
    found = []
    for path in modules_of(package):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = node.args
            names = [
                argument.arg
                for argument in (
                    *arguments.posonlyargs,
                    *arguments.args,
                    *arguments.kwonlyargs,
                    *filter(None, (arguments.vararg, arguments.kwarg)),
                )
                if argument.annotation is None and argument.arg not in ("self", "cls")
            ]
            if node.returns is None:
                names.append("return")
            if names:
                found.append(f"{module_name(path)}.{node.name}: {', '.join(names)}")
    return sorted(found)


@pytest.mark.parametrize("package", SERVICE_PACKAGES)
def test_service_functions_carry_type_hints(package):
    assert unannotated_service_functions(package) == []


def test_the_type_hint_guard_sees_a_missing_argument_or_return(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    package = tmp_path / "ressources" / "services"
    package.mkdir(parents=True)
    (package / "needs.py").write_text(
        "def declare(need: int, *, author) -> None: ...\n"
        "def leave(need: int):\n"
        "    def inner(x: int) -> int: ...\n"
        "class Error(Exception):\n"
        "    def __init__(self, existing: int) -> None: ...\n"
    )

    assert unannotated_service_functions("ressources.services") == [
        "ressources.services.needs.declare: author",
        "ressources.services.needs.leave: return",
    ]
