"""Personal data export: each app registers what it holds about a member.

Apps that store personal data add a section; communaute never imports those apps, they come to
it (from their AppConfig.ready, which imports the module holding their sections):

    @register_section(
        "demandes_d_acces",                      # the key in donnees.json: never change it
        _("Demandes d'accès aux services"),      # the heading in resume.html
        covers=["ressources.AccessRequest.member"],
        labels={"service": _("Service"), "message": _("Message")},
        choices={"status": AccessRequest.Status.choices},
    )
    def access_requests_section(member):
        return data, files

- The function returns `(data, files)`: JSON-ready data (dicts, lists, strings, numbers, dates)
  and a list of FieldFiles to put in the archive.
- `covers` names every relation to the member (foreign key, one-to-one or many-to-many to
  settings.AUTH_USER_MODEL) whose rows the section exports, as "app_label.Model.field". A model
  class or "app_label.Model" covers all of that model's relations to members.
- `labels` gives the human name of the data's keys for the HTML summary (unlisted keys are shown
  with their underscores turned into spaces); `choices` gives, per key, the (code, label) pairs
  that turn a stored code ("pending") into words ("En attente") in the summary. donnees.json
  keeps the codes.

Every relation to members must be covered by a section, or set aside with
`exclude_from_export("app_label.Model.field", reason=...)` saying why it holds nothing the member
gave (another member's record, a staff member's work log, a transient lock...). A test
(tests/communaute/test_personal_data_export.py) fails when a model points at members and is
neither, so a new model cannot be forgotten in the export.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    function: Callable
    covers: tuple = ()
    labels: Mapping = field(default_factory=dict)
    choices: Mapping = field(default_factory=dict)


_sections: dict[str, Section] = {}
_exclusions: dict[str, str] = {}


def register_section(name, label=None, *, covers=(), labels=None, choices=None):
    def decorator(function):
        _sections[name] = Section(
            name=name,
            label=label or name.replace("_", " ").capitalize(),
            function=function,
            covers=tuple(covers),
            labels=labels or {},
            choices={key: dict(pairs) for key, pairs in (choices or {}).items()},
        )
        return function

    return decorator


def exclude_from_export(*relations, reason):
    """Set relations to members aside from the export, with the reason written down."""
    for relation in relations:
        _exclusions[relation] = reason


def sections():
    return list(_sections.values())


def exclusions():
    return dict(_exclusions)


def member_relations(model):
    """The model's own fields that point at members: "app_label.Model.field" labels."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f"{model._meta.label}.{model_field.name}"
        for model_field in model._meta.get_fields(include_parents=False)
        if model_field.is_relation
        and not model_field.auto_created
        and model_field.related_model is user_model
    ]


def _resolve(entries: Iterable) -> set[str]:
    resolved = set()
    for entry in entries:
        if isinstance(entry, type) and issubclass(entry, models.Model):
            resolved.update(member_relations(entry))
        elif entry.count(".") == 1:
            resolved.update(member_relations(apps.get_model(entry)))
        else:
            resolved.add(entry)
    return resolved


def covered_relations():
    """Every relation a registered section declares it exports."""
    return _resolve(entry for section in _sections.values() for entry in section.covers)


def collect(member):
    """Every registered section for this member: ({name: data}, [FieldFile, ...])."""
    data, files = {}, []
    for section in _sections.values():
        section_data, section_files = section.function(member)
        data[section.name] = section_data
        files.extend(section_files)
    return data, files
