"""Personal data export: each app registers what it holds about a member.

Apps that store personal data (access requests, needs, posts...) add a section with
`@register_section("name")`; the function returns `(data, files)`: JSON-ready data and a list of
FieldFiles to put in the archive. communaute never imports those apps, they come to it.
"""

from collections.abc import Callable

_sections: dict[str, Callable] = {}


def register_section(name):
    def decorator(function):
        _sections[name] = function
        return function

    return decorator


def collect(member):
    """Every registered section for this member: ({name: data}, [FieldFile, ...])."""
    data, files = {}, []
    for name, function in _sections.items():
        section_data, section_files = function(member)
        data[name] = section_data
        files.extend(section_files)
    return data, files
