"""deploy/.env.example lists every environment variable the settings read, and only those."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "passerelles" / "settings"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"

READERS = re.compile(
    r"""(?:env_\w+\(|os\.environ\.get\(|os\.getenv\(|os\.environ\[)\s*["']([A-Z][A-Z0-9_]*)["']"""
)
# Read by Django itself (manage.py, passerelles/wsgi.py), not by a settings file.
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE"}


def names_read():
    names = set(READ_ELSEWHERE)
    for path in [*SETTINGS.glob("*.py"), GUNICORN_CONF]:
        names |= set(READERS.findall(path.read_text(encoding="utf-8")))
    return names


def names_listed():
    names = []
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line.split("=", 1)[0])
    return names


def test_the_reader_finds_what_the_settings_read():
    # Guards the pattern itself: a few names known to be read, written in each way used.
    assert {"SECRET_KEY", "DATABASE_URL", "DEFAULT_FROM_EMAIL", "GUNICORN_WORKERS"} <= names_read()


def test_every_variable_read_is_in_env_example_and_nothing_else():
    listed = names_listed()
    assert len(listed) == len(set(listed)), "a variable is listed twice"
    assert sorted(names_read() - set(listed)) == [], (
        "read by the settings, missing from .env.example"
    )
    assert sorted(set(listed) - names_read()) == [], "in .env.example, read by nothing"


def test_env_example_lines_are_what_systemd_reads():
    # EnvironmentFile= takes KEY=value lines; a value with a space or a quote is quoted whole.
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), line
        if re.search(r"[\s'<>]", value):
            assert value.startswith('"') and value.endswith('"'), line
