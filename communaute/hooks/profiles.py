"""Links shown on a member's profile that other apps know about (e.g. organizations they represent).

communaute cannot import the apps above it; they register a provider here instead:
`provider(member) -> [{"label": ..., "url": ...}]`.
"""

_providers = []


def register_affiliations(provider):
    _providers.append(provider)
    return provider


def affiliations(member):
    links = []
    for provider in _providers:
        links.extend(provider(member))
    return links
