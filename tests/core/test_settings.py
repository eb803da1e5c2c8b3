import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from passerelles.settings.env import cache_config, database_config, email_config, env_bool

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "passerelles.settings.base",
    "SECRET_KEY": "k3y-" + "x7Qp9Lm2Rt8Vw4Zn6Bc1Df5Gh0Jk3Ns7Uy9Ea2Ic4Ko6Mq8Ps0" * 2,
    "ALLOWED_HOSTS": "passerelles-culture.ca",
    "DATABASE_URL": os.environ["DATABASE_URL"],
    "CONTACT_EMAIL": "bonjour@passerelles-culture.ca",
    "PRIVACY_OFFICER_NAME": "Responsable de la vie privée",
    "PRIVACY_OFFICER_EMAIL": "vie-privee@passerelles-culture.ca",
}


def run_manage(*args, env):
    # The test settings set some of these variables in this process: start from none of them.
    read_by_settings = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "SECURE_COOKIES"}
    read_by_settings |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by `make test` for Playwright
    read_by_settings |= {"DATABASE_POOL_MAX_SIZE", "CONN_MAX_AGE"}
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in read_by_settings and not key.startswith("SECURE_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_any_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_while_the_contact_details_are_missing():
    env = {**PRODUCTION_ENV, "CONTACT_EMAIL": "", "PRIVACY_OFFICER_EMAIL": ""}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "passerelles.W001" in result.stderr
    assert "CONTACT_EMAIL, PRIVACY_OFFICER_EMAIL not set" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_development_secret_key_is_refused_when_debug_is_off():
    from passerelles.settings.env import DEV_SECRET_KEY

    env = {**PRODUCTION_ENV, "SECRET_KEY": DEV_SECRET_KEY}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "development SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_language_time_zone_and_url_prefixes():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en"]
    assert settings.TIME_ZONE == "America/Toronto"


def test_production_refuses_to_start_without_a_database_url():
    result = run_manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": ""})
    assert result.returncode != 0
    assert "DATABASE_URL is required" in result.stderr


def test_development_without_a_database_url_uses_the_projects_own_postgresql_server():
    from passerelles import localdb

    already_running = localdb.url() is not None
    try:
        result = run_manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.db import connection; connection.ensure_connection(); "
            "print(connection.vendor, connection.settings_dict['HOST'], "
            "connection.pg_version // 10000)",
            env={"DJANGO_SETTINGS_MODULE": "passerelles.settings.dev", "DATABASE_URL": ""},
        )
        assert result.stdout.split() == ["postgresql", str(localdb.DATA_DIR), "18"], result.stderr
        assert localdb.url() is not None
    finally:
        if not already_running:
            localdb.stop()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "file:///var/mail/passerelles",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": "/var/mail/passerelles",
            },
        ),
    ],
)
def test_email_url_is_translated_to_django_settings(url, expected):
    assert email_config(url) == expected


def test_smtp_email_url_carries_credentials_and_tls():
    config = email_config("smtp://robot%40exemple.test:s3cret@mail.exemple.test:587?tls=1")
    assert config["EMAIL_HOST"] == "mail.exemple.test"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "robot@exemple.test"
    assert config["EMAIL_HOST_PASSWORD"] == "s3cret"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False


def test_unknown_email_scheme_is_refused_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        email_config("carrier-pigeon://nest")


def test_cache_url_selects_redis_or_local_memory():
    assert cache_config("")["BACKEND"].endswith("LocMemCache")
    redis = cache_config("redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "passerelles.core.cache.ResilientRedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_booleans_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "yes")
    assert env_bool("SOME_FLAG") is True
    monkeypatch.setenv("SOME_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")


def database_settings(env):
    result = run_manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']))",
        env={**PRODUCTION_ENV, **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_bounds_its_database_connections_with_a_pool_by_default():
    database = database_settings({})
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 5}
    assert database["OPTIONS"]["connect_timeout"] == 3
    # The pool and persistent connections exclude each other.
    assert database["CONN_MAX_AGE"] == 0
    # With it, the pool checks each connection before lending it (Django 5.2).
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_pool_is_sized_from_the_environment():
    database = database_settings(
        {
            "DATABASE_POOL_MIN_SIZE": "2",
            "DATABASE_POOL_MAX_SIZE": "12",
            "DATABASE_POOL_TIMEOUT": "7",
            "DATABASE_CONNECT_TIMEOUT": "4",
        }
    )
    assert database["OPTIONS"] == {
        "connect_timeout": 4,
        # The site's queries are short: JIT compilation only ever cost them time (issue #16).
        "options": "-c jit=off",
        "pool": {"min_size": 2, "max_size": 12, "timeout": 7},
    }


def test_a_pool_size_of_zero_keeps_djangos_persistent_connections():
    database = database_settings({"DATABASE_POOL_MAX_SIZE": "0", "CONN_MAX_AGE": "30"})
    assert "pool" not in database["OPTIONS"]
    assert database["CONN_MAX_AGE"] == 30


def test_database_config_lets_the_url_name_its_own_connect_timeout():
    config = database_config(
        "postgres://u@db.example:5432/p?connect_timeout=9",
        conn_max_age=60,
        connect_timeout=3,
        pool_min_size=5,
        pool_max_size=2,
        pool_timeout=5,
    )
    assert config["OPTIONS"]["connect_timeout"] in {9, "9"}
    # A minimum above the maximum is brought down to it rather than refused by psycopg.
    assert config["OPTIONS"]["pool"]["min_size"] == 2
