"""Settings of item 6 (past one machine): sessions, object storage and the read replica are
chosen from the environment, and production with all of them still passes check --deploy."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from passerelles.settings.env import session_engine
from tests.core.test_settings import PRODUCTION_ENV, run_manage

SCALED_ENV = {
    **PRODUCTION_ENV,
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "AWS_STORAGE_BUCKET_NAME": "passerelles-media",
    "AWS_S3_ENDPOINT_URL": "https://objets.exemple.ca",
    "AWS_S3_REGION_NAME": "ca-central-1",
    "DATABASE_REPLICA_URL": "postgres://lecture@replique.internal:5432/passerelles",
}


def test_sessions_follow_the_cache_unless_told():
    assert session_engine("", "") == "django.contrib.sessions.backends.db"
    assert session_engine("", "redis://127.0.0.1:6379/1") == "passerelles.core.sessions"
    assert session_engine("cache", "redis://127.0.0.1:6379/1").endswith(".cache")
    assert session_engine("db", "redis://127.0.0.1:6379/1").endswith(".db")
    with pytest.raises(ImproperlyConfigured, match="SESSION_BACKEND"):
        session_engine("fichiers", "")


def test_production_with_redis_object_storage_and_a_replica_passes_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=SCALED_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_pick_redis_the_bucket_and_the_replica():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'cache': s.CACHES['default']['BACKEND'], 'session': s.SESSION_ENGINE,"
        "'storages': s.STORAGES, 'routers': s.DATABASE_ROUTERS,"
        "'replica': s.DATABASES['replica'], 'docs': s.WAGTAILDOCS_SERVE_METHOD,"
        "'middleware': s.MIDDLEWARE}))"
    )
    result = run_manage("shell", "-c", code, env=SCALED_ENV)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["cache"] == "passerelles.core.cache.ResilientRedisCache"
    assert found["session"] == "passerelles.core.sessions"
    public, private = found["storages"]["default"], found["storages"]["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["bucket_name"] == private["OPTIONS"]["bucket_name"]
    assert public["OPTIONS"]["default_acl"] == "public-read"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert private["OPTIONS"]["location"] == "prive"
    assert private["OPTIONS"]["default_acl"] == "private"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 60
    assert public["OPTIONS"]["endpoint_url"] == "https://objets.exemple.ca"
    assert found["docs"] == "serve_view"
    assert found["routers"] == ["passerelles.core.db_router.PrimaryReplicaRouter"]
    assert found["replica"]["HOST"] == "replique.internal"
    assert found["replica"]["USER"] == "lecture"
    assert "pool" in found["replica"]["OPTIONS"]
    # Right after the security middleware (the page cache comes first: its hits read no row).
    middleware = found["middleware"]
    pin = middleware.index("passerelles.core.db_router.PrimaryAfterWriteMiddleware")
    assert middleware[pin - 1] == "django.middleware.security.SecurityMiddleware"


def test_without_those_variables_media_stay_on_disk_and_reads_on_the_primary():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'private': s.STORAGES['private']['BACKEND'], 'default': s.STORAGES['default']['BACKEND'],"
        "'routers': s.DATABASE_ROUTERS, 'aliases': sorted(s.DATABASES)}))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "private": "passerelles.core.storage.PrivateFileSystemStorage",
        "default": "django.core.files.storage.FileSystemStorage",
        "routers": [],
        "aliases": ["default"],
    }


def test_a_bucket_without_acls_gets_no_acl_at_all():
    from passerelles.settings.env import object_storage_config

    storages = object_storage_config(
        bucket="media",
        private_bucket="media-prive",
        endpoint_url="",
        region="ca-central-1",
        access_key="",
        secret_key="",
        public_acl="",
        custom_domain="cdn.exemple.ca",
        addressing_style="",
        private_url_seconds=30,
    )
    public, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert public["default_acl"] is None and private["default_acl"] is None
    assert private["bucket_name"] == "media-prive" and private["querystring_expire"] == 30
    assert public["custom_domain"] == "cdn.exemple.ca" and private["custom_domain"] is None
    assert public["access_key"] is None  # boto3 finds its own credentials
