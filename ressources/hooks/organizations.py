"""Sections that higher apps add to an organization's page (e.g. its editorial publications).

ressources cannot import the editorial pages; they register a provider here instead:
`provider(organization) -> {"title": ..., "items": [{"title", "url", "meta"}], "more_url": ...}`
or None when there is nothing to show.
"""

_providers = []


def register_organization_section(provider):
    _providers.append(provider)
    return provider


def sections_for(organization):
    sections = (provider(organization) for provider in _providers)
    return [section for section in sections if section]
