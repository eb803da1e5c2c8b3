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
