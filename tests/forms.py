"""Every form class of the project, found by importing each of its modules and walking the
subclasses of Django's BaseForm: a form defined anywhere (a forms module, a view, an admin
module) is found, whatever its name."""

import functools
import importlib
import pkgutil
import re
from pathlib import Path

from django import forms

PACKAGES = ("communaute", "ressources", "passerelles")
# Modules not imported: settings read the environment of another deployment, migrations and
# management commands define no form a person fills in.
SKIPPED = re.compile(r"\.(settings|migrations|management)(\.|$)")


def import_project_modules() -> None:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not SKIPPED.search(info.name):
                importlib.import_module(info.name)


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


@functools.cache
def project_forms() -> tuple[type, ...]:
    import_project_modules()
    return tuple(
        sorted(
            {form for form in subclasses(forms.BaseForm) if form.__module__.startswith(PACKAGES)},
            key=dotted,
        )
    )


# Project forms that do not inherit the guard (TypedTextFormMixin), and why. allauth's and
# Wagtail admin's own forms are not the project's (their modules are outside PACKAGES); the
# sign-up form allauth shows inherits ours (ACCOUNT_SIGNUP_FORM_CLASS).
FORMS_WITHOUT_GUARD = {
    # Wagtail's page editor form: editors only, behind the admin's 2FA; Wagtail's own fields
    # (StreamField, rich text) validate themselves.
    "passerelles.pages.forms.ArticlePageForm",
    # A mixin for radio buttons, never a form by itself: its users also inherit SiteModelForm.
    "passerelles.core.forms.RadioChoicesForm",
}
# A name a view reads from the posted data: request.POST.get("kind"), request.POST["space"].
POSTED_NAME = re.compile(r"""request\.POST(?:\.get|\.getlist)?[\[(]["'](\w+)["']""")

PREFIX = re.compile(r"""\bprefix=["']([\w-]+)["']""")


def dotted(form: type) -> str:
    return f"{form.__module__}.{form.__qualname__}"


@functools.cache
def posted_names() -> set[str]:
    """Every field name a project form declares, and every name a view reads in request.POST."""
    prefixes = set()
    names = {name for form in project_forms() for name in getattr(form, "base_fields", {})}
    for name in PACKAGES:
        root = Path(importlib.import_module(name).__path__[0])
        for path in root.rglob("*.py"):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            if SKIPPED.search(f".{module}"):
                continue
            source = path.read_text()
            names.update(POSTED_NAME.findall(source))
            prefixes.update(PREFIX.findall(source))
    # A form shown with a prefix (NeedSupportForm(prefix="moi-aussi")) posts prefixed names.
    return names | {f"{prefix}-{name}" for prefix in prefixes for name in names}
