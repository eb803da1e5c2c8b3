"""Small readers for settings taken from the environment (12-factor)."""

import copy
import os
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Known only to the development settings: base.py refuses it whenever DEBUG is off.
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production-4b1d7e0c9f"

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_config(url):
    """Translate EMAIL_URL into Django email settings.

    console://  locmem://  file:///absolute/folder  smtp://user:password@host:587?tls=1
    smtps://user:password@host:465 (implicit TLS)
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        if not parsed.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a folder, e.g. file:///var/mail.")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if scheme in {"smtp", "smtps"}:
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp" and query.get("tls", "0").lower() in TRUE_VALUES,
            "EMAIL_TIMEOUT": int(query.get("timeout", "10")),
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not supported (console, locmem, file, smtp, smtps)."
    )


def cache_config(url):
    """CACHE_URL: empty for an in-process cache, redis://host:6379/1 for Redis.

    Redis goes through passerelles.core.cache.ResilientRedisCache: while Redis does not answer,
    the cache lives in PostgreSQL instead of failing every page.
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = urlparse(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "passerelles.core.cache.ResilientRedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported (redis, locmem).")


def database_config(
    url, *, conn_max_age, connect_timeout, pool_min_size, pool_max_size, pool_timeout
):
    """DATABASE_URL, and how each process holds its connections.

    With pool_max_size above 0, psycopg's pool: the threads of a process share at most
    pool_max_size connections, so that processes × pool_max_size bounds what the site asks of
    the server; a request waits pool_timeout seconds for a free one, then the page answers 503.
    With 0, Django's own way: one connection per thread, kept conn_max_age seconds (the pool
    and persistent connections exclude each other). connect_timeout (seconds) bounds the wait
    for a server that does not answer, unless the URL names its own.
    """
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", connect_timeout)
    # The site's queries are short (a page, a few rows by index): JIT compilation only adds to
    # them (287 ms on a long topic's first page, 215 ms on a member's home, issue #16), and
    # nothing the web process runs is an analytic query that would repay it.
    options.setdefault("options", "-c jit=off")
    if pool_max_size > 0:
        # CONN_HEALTH_CHECKS stays on: with it, the pool checks a connection before lending it,
        # so that one broken while the server restarted is replaced rather than failing a page.
        config["CONN_MAX_AGE"] = 0
        options["pool"] = {
            "min_size": min(pool_min_size, pool_max_size),
            "max_size": pool_max_size,
            "timeout": pool_timeout,
        }
    return config


SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    # Django's cached_db, read with the member's entries when it can.
    "cached_db": "passerelles.core.sessions",
    "cache": "django.contrib.sessions.backends.cache",
}


def session_engine(name, cache_url):
    """SESSION_BACKEND: db, cached_db or cache; unset, cached_db when the cache is Redis.

    cached_db reads sessions from Redis and writes them to PostgreSQL too, so that losing Redis
    signs nobody out; "cache" alone would lose every session with Redis.
    """
    if not name:
        name = "cached_db" if urlparse(cache_url).scheme in {"redis", "rediss", "unix"} else "db"
    try:
        return SESSION_ENGINES[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"SESSION_BACKEND {name!r} is not supported (db, cached_db, cache)."
        ) from None


def replica_config(url, primary):
    """DATABASE_REPLICA_URL: a read-only copy of the database, used like the primary."""
    config = copy.deepcopy(primary)
    config.update(
        {
            key: value
            for key, value in dj_database_url.parse(url).items()
            if key in {"NAME", "USER", "PASSWORD", "HOST", "PORT"}
        }
    )
    # The suite (and a setup without a real replica) points it at the primary's database.
    config["TEST"] = {"MIRROR": "default"}
    return config


def object_storage_config(
    *,
    bucket,
    private_bucket,
    endpoint_url,
    region,
    access_key,
    secret_key,
    public_acl,
    custom_domain,
    addressing_style,
    private_url_seconds,
):
    """STORAGES for media on S3-compatible object storage (django-storages).

    Public media (photos, logos, Wagtail images and renditions, documents) get plain URLs and
    public_acl; private files (attachments of posts) go under the prive/ prefix, or into
    private_bucket, with no public ACL, and only ever out as presigned URLs.
    Empty keys let boto3 find credentials itself (environment, instance role).
    """
    common = {
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": addressing_style or None,
        # Signature version 4: what every current store accepts, and its presigned
        # addresses say how long they last (X-Amz-Expires).
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "default_acl": public_acl or None,
                "querystring_auth": False,
                "custom_domain": custom_domain or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket or bucket,
                "location": "prive",
                # A bucket without ACLs (AWS's default now, "bucket owner enforced") refuses a
                # PUT that names one: there, objects are private unless a policy says otherwise.
                "default_acl": "private" if public_acl else None,
                "querystring_auth": True,
                "querystring_expire": private_url_seconds,
                "custom_domain": None,
            },
        },
    }


LIVE_BROKERS = {"auto", "memory", "redis"}


def live_redis_url(broker, live_url, cache_url):
    """Where live updates travel between processes: LIVE_REDIS_URL, else CACHE_URL when it is
    Redis; empty for the in-process broker (one server process, no Redis).

    LIVE_BROKER=auto (the default) takes Redis when one of the two addresses is Redis, memory
    otherwise; =memory never uses Redis; =redis refuses to start without an address.
    """
    if broker not in LIVE_BROKERS:
        raise ImproperlyConfigured(
            f"LIVE_BROKER {broker!r} is not supported (auto, memory, redis)."
        )
    if broker == "memory":
        return ""
    url = live_url
    if not url and urlparse(cache_url).scheme in {"redis", "rediss", "unix"}:
        url = cache_url
    if broker == "redis" and not url:
        raise ImproperlyConfigured(
            "LIVE_BROKER=redis needs LIVE_REDIS_URL (or CACHE_URL) set to redis://host:6379/0."
        )
    return url
