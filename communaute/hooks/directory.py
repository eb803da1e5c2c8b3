"""Organizations in the member directory's filter, from the apps that know them.

communaute cannot import ressources (where members represent organizations); ressources
registers a provider here instead, as it does for profile affiliations (profiles.py):
`choices() -> [(slug, name)]` and `members(slug) -> a queryset of member ids`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganizationProvider:
    choices: Callable[[], list[tuple[str, str]]]
    members: Callable[[str], object]


_providers: list[OrganizationProvider] = []


def register_organizations(*, choices, members):
    _providers.append(OrganizationProvider(choices=choices, members=members))


def organization_choices():
    found = {}
    for provider in _providers:
        found.update(provider.choices())
    return sorted(found.items(), key=lambda item: item[1].lower())


def members_of(slug):
    """Querysets of member ids that belong to the organization, one per provider."""
    return [provider.members(slug) for provider in _providers]
