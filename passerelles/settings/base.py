"""Production-safe settings, read from the environment.

`dev.py` (make run) and `test.py` (make test) start from these and relax what they must.
Every variable is listed in the README's configuration table.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from passerelles.settings.env import (
    DEV_SECRET_KEY,
    cache_config,
    database_config,
    email_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    live_redis_url,
    object_storage_config,
    replica_config,
    session_engine,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (production), or use "
        "`make run` / DJANGO_SETTINGS_MODULE=passerelles.settings.dev for development."
    )
if SECRET_KEY == DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used with DEBUG off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "passerelles.core",
    "communaute",
    "ressources",
    "passerelles.pages",
    "passerelles.search",
    "passerelles",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks_db",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.postgres",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    # First: a hit needs none of the others, and the headers they add are stored with the page.
    "passerelles.core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "passerelles.core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "communaute.middleware.ViewerMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "passerelles.core.middleware.ContentSecurityPolicyMiddleware",
    "passerelles.core.middleware.NulByteMiddleware",
    "communaute.middleware.TwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "passerelles.urls"
WSGI_APPLICATION = "passerelles.wsgi.application"

TEMPLATES = [
    {
        # Django's, its check aware of the two libraries replaced below.
        "BACKEND": "passerelles.core.template_backend.SiteTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "passerelles.core.context_processors.site",
                "ressources.context_processors.partner_organizations",
                "passerelles.pages.context_processors.footer_links",
                "communaute.context_processors.header_counts",
                "communaute.context_processors.two_factor",
                # Last: replaces Django's csrf_token (passerelles/core/context_processors.py).
                "passerelles.core.context_processors.csrf",
            ],
            # After Django's own: its {% url %}, with the addresses remembered.
            "builtins": ["passerelles.core.templatetags.kept_urls"],
            # {% load i18n %} and {% load static %}: Django's, with {% translate %} of a fixed
            # text and {% static %} of a fixed path remembered.
            "libraries": {
                "i18n": "passerelles.core.templatetags.kept_i18n",
                "static": "passerelles.core.templatetags.kept_static",
            },
        },
    }
]
# The admins' and allauth's forms, with templates/django/forms/ first. The site's own forms are
# drawn by Jinja2 (passerelles.core.forms.SiteFormRenderer).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# PostgreSQL everywhere (French search, trigram similarity and row locks behave alike in
# development, tests and production). dev.py and test.py start the project's own server when
# DATABASE_URL is unset; production says where its server is.
if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is required, e.g. postgres://user:password@host:5432/passerelles "
        "(`make run` and `make test` start a local PostgreSQL server when it is unset)."
    )
# A bounded pool per process (psycopg's): a burst of requests waits for a connection instead of
# asking the server for more than it allows ("too many clients"). What still fails answers the
# 503 page with Retry-After (passerelles.core.middleware.DatabaseUnavailableMiddleware).
DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 3),
        pool_min_size=env_int("DATABASE_POOL_MIN_SIZE", 1),
        pool_max_size=env_int("DATABASE_POOL_MAX_SIZE", 4),
        pool_timeout=env_int("DATABASE_POOL_TIMEOUT", 5),
    )
}
# Seconds the 503 page asks a browser or a crawler to wait before trying again.
DATABASE_RETRY_AFTER = env_int("DATABASE_RETRY_AFTER", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(env_str("CACHE_URL"))}

# Whole pages for anonymous visitors (passerelles/core/page_cache.py, README "Performance").
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Each process's own copies: the generation trusted this long (a write made in another process
# reaches its visitors up to this late; 0 turns the copies off), pages up to this many bytes.
PAGE_CACHE_LOCAL_SECONDS = env_int("PAGE_CACHE_LOCAL_SECONDS", 1)
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)
# The query parameters of the pages themselves; any other one bypasses the cache.
PAGE_CACHE_QUERY_PARAMETERS = {
    "page",
    "q",
    "apres",
    "avant",
    "filtre",
    "type",
    "etiquette",
    "espace",
    "disciplines",
    "region",
    "province",
    "statut",
    "sorte",
    "category",
    "lieu",
    # The calendar (rencontres) and the funding calls.
    "vue",
    "mois",
    "discipline",
    "participation",
    "organisation",
    "echeance",
    "pour",
    "etat",
}

# --- Past one machine (issue 13, item 6): sessions in Redis, read replica --------------------
# Sessions: cached_db when CACHE_URL is Redis (read from Redis, kept in PostgreSQL too, so that
# losing Redis signs nobody out), db otherwise; SESSION_BACKEND=db|cached_db|cache says otherwise.
SESSION_ENGINE = session_engine(env_str("SESSION_BACKEND"), env_str("CACHE_URL"))
# A read replica: safe reads go there, writes and transactions to the primary, and a visitor's
# reads stay on the primary REPLICA_PIN_SECONDS after they wrote (passerelles/core/db_router.py).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = replica_config(env_str("DATABASE_REPLICA_URL"), DATABASES["default"])
    DATABASE_ROUTERS = ["passerelles.core.db_router.PrimaryReplicaRouter"]
# Before anything reads the database; without a replica it only passes the request on.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "passerelles.core.db_router.PrimaryAfterWriteMiddleware",
)
# --- end of item 6's database and session block ----------------------------------------------

# --- Live updates (issue #14): the push channel (passerelles/core/live/) -----------------------
# Pages hold a Server-Sent Events stream (/direct/flux/) served by the ASGI server (uvicorn,
# passerelles/asgi.py); gunicorn (WSGI) answers it 204 and the pages poll instead.
# Between processes, events travel through Redis pub/sub (one subscriber connection per
# process); without Redis, inside the one process only. LIVE_BROKER=auto|memory|redis.
LIVE_REDIS_URL = live_redis_url(
    env_str("LIVE_BROKER", "auto"), env_str("LIVE_REDIS_URL"), env_str("CACHE_URL")
)
# Redis pub/sub channels ignore the database number: two sites sharing a Redis server need
# different prefixes.
LIVE_CHANNEL_PREFIX = env_str("LIVE_CHANNEL_PREFIX", "passerelles:live:")
# A comment line this often keeps proxies from closing an idle stream.
LIVE_HEARTBEAT_SECONDS = 20
# How long the browser waits before reconnecting a dropped stream ("retry:"), in milliseconds.
LIVE_RETRY_MILLISECONDS = 5000
# A stream ends after this long and the browser reconnects: who may listen is asked again.
LIVE_STREAM_SECONDS = 3600
# Channels one stream may ask for (besides the member's own) and the length of a name.
LIVE_MAX_CHANNELS = 20
LIVE_MAX_CHANNEL_LENGTH = 60
# Events waiting for a slow stream; past this, new ones are dropped (they are pokes).
LIVE_QUEUE_SIZE = 100
# --- end of the live updates block -------------------------------------------------------------

AUTH_USER_MODEL = "communaute.Member"
# Django's and allauth's, with the member's row cached for pages that only read
# (communaute/authentication.py).
AUTHENTICATION_BACKENDS = [
    "communaute.authentication.MemberBackend",
    "communaute.authentication.AllauthMemberBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"

# django-allauth: email is the identifier, verified before the first sign-in.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "communaute.forms.members.SignupForm"
ACCOUNT_ADAPTER = "communaute.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Passerelles Culture] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Rate limits stay at allauth's defaults; they live in the cache, which must be shared
# between workers in production (CACHE_URL=redis://...).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Passerelles Culture"
# Recovery codes are shown once, right after they are made (then only how many are left):
# a session left open must not hand them out. "Générer de nouveaux codes" replaces them all.
MFA_RECOVERY_CODES_SHOW_ONCE = True
SITE_ID = 1

# Internationalization: French at unprefixed URLs, English under /en/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["passerelles.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Toronto"

# Static and uploaded files: everything is served by the site itself (no CDN).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "passerelles.core.static_storage.StaticStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Past one machine (issue 13, item 6): media on S3-compatible object storage --------------
# Private files (attachments of posts) have their own storage, on disk under MEDIA_ROOT/prive/
# unless object storage is configured (passerelles/core/storage.py).
STORAGES["private"] = {"BACKEND": "passerelles.core.storage.PrivateFileSystemStorage"}
# How long a presigned address for a private file stays valid, in seconds.
AWS_PRIVATE_URL_SECONDS = env_int("AWS_PRIVATE_URL_SECONDS", 60)
if env_str("AWS_STORAGE_BUCKET_NAME"):
    STORAGES.update(
        object_storage_config(
            bucket=env_str("AWS_STORAGE_BUCKET_NAME"),
            private_bucket=env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME"),
            endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
            region=env_str("AWS_S3_REGION_NAME"),
            access_key=env_str("AWS_ACCESS_KEY_ID"),
            secret_key=env_str("AWS_SECRET_ACCESS_KEY"),
            public_acl=env_str("AWS_DEFAULT_ACL", "public-read"),
            custom_domain=env_str("AWS_S3_CUSTOM_DOMAIN"),
            addressing_style=env_str("AWS_S3_ADDRESSING_STYLE"),
            private_url_seconds=AWS_PRIVATE_URL_SECONDS,
        )
    )
    # Wagtail documents go out through Wagtail's view, which enforces collection privacy,
    # rather than as a redirect to their public object address.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
# --- end of item 6's object storage block ------------------------------------------------------

# Backups (`manage.py backup`, passerelles/core/backups.py): where they are written, and the
# folder holding pg_dump and pg_restore when the one matching the server is not found by itself.
BACKUP_ROOT = Path(env_str("BACKUP_ROOT", str(BASE_DIR / "var" / "backups")))
PG_BIN_DIR = env_str("PG_BIN_DIR")

# Email
vars().update(email_config(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Passerelles Culture <ne-pas-repondre@localhost>"
)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("ADMIN_EMAILS")]

# Security: on by default; dev.py turns off what needs HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # The __Host- prefix pins the cookie to this exact host over HTTPS (OWASP ASVS 3.4.4).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Wagtail
# Whom the public writes to (the contact page and the footer), and the person in charge of the
# protection of personal information, whose title and contact details Québec's Law 25 asks to
# publish. `check --deploy` warns while they are unset.
CONTACT_EMAIL = env_str("CONTACT_EMAIL")
CONTACT_ADDRESS = env_str("CONTACT_ADDRESS")
PRIVACY_OFFICER_NAME = env_str("PRIVACY_OFFICER_NAME")
# Their position (e.g. "Direction générale"): the law accepts a title instead of a name.
PRIVACY_OFFICER_TITLE = env_str("PRIVACY_OFFICER_TITLE")
PRIVACY_OFFICER_EMAIL = env_str("PRIVACY_OFFICER_EMAIL")

WAGTAIL_SITE_NAME = "Passerelles Culture"
WAGTAILADMIN_BASE_URL = SITE_URL
# Wagtail emails the review workflow itself (sender: DEFAULT_FROM_EMAIL): the Rédaction on a
# submission, the author on approval or a request for changes. Administrators are not editors.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third-party host for avatars
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv"]
WAGTAILEMBEDS_FINDERS = []  # embeds would load third-party scripts: disabled on purpose
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Created by passerelles.core's migration on PostgreSQL: French stemming, accents ignored.
        "SEARCH_CONFIG": "french_unaccent",
    }
}
# Emails leave through background tasks stored in the database; `make worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Files joined to posts (checked from their content; images re-encoded)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Several files per post or message: how many, and how much together (nginx's
# client_max_body_size in deploy/nginx/ follows the total).
ATTACHMENTS_MAX_COUNT = 10
ATTACHMENTS_TOTAL_MAX_BYTES = 25 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024
# Behind nginx, the address of its `internal` location for MEDIA_ROOT/prive/ (deploy/nginx/):
# the view checks permission and nginx sends the file. Empty: Django streams it itself.
PRIVATE_MEDIA_ACCEL_REDIRECT = env_str("PRIVATE_MEDIA_ACCEL_REDIRECT")

# Link cards in posts, read on the server by a background task (communaute/services/previews.py)
LINK_PREVIEWS_ENABLED = env_bool("LINK_PREVIEWS_ENABLED", True)
LINK_PREVIEW_TIMEOUT = 4  # seconds for the whole exchange, redirects included
LINK_PREVIEW_MAX_BYTES = 512 * 1024  # the <head> is at the top: the rest is not read
LINK_PREVIEW_IMAGE_MAX_BYTES = 2 * 1024 * 1024
# Addresses fetched although not public. Empty outside the suite, which serves pages locally.
LINK_PREVIEW_ALLOWED_ADDRESSES = ()

# Member avatars
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_SIZE = 400

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Both log every background task and page save at INFO: too chatty for a terminal.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Retention schedule (passerelles/core/retention.py and each app's services/retention.py,
# applied every night by the scheduler or `manage.py apply_retention`): days each kind of
# personal data is kept. The README's retention table lists every rule.
RETENTION_UNCONFIRMED_ACCOUNT_DAYS = env_int("RETENTION_UNCONFIRMED_ACCOUNT_DAYS", 14)
RETENTION_EMAIL_DELIVERY_DAYS = env_int("RETENTION_EMAIL_DELIVERY_DAYS", 90)
RETENTION_TASK_RESULT_DAYS = env_int("RETENTION_TASK_RESULT_DAYS", 14)
RETENTION_INVITATION_DAYS = env_int("RETENTION_INVITATION_DAYS", 30)
RETENTION_JOIN_REQUEST_DAYS = env_int("RETENTION_JOIN_REQUEST_DAYS", 365)
RETENTION_READ_NOTIFICATION_DAYS = env_int("RETENTION_READ_NOTIFICATION_DAYS", 365)
RETENTION_MESSAGE_REPORT_DAYS = env_int("RETENTION_MESSAGE_REPORT_DAYS", 365)
RETENTION_DRAFT_DAYS = env_int("RETENTION_DRAFT_DAYS", 180)
# For the apps that keep an IP address with a row (none does today: allauth's rate limits
# live in the cache and expire within the hour): erased after this many days.
RETENTION_IP_ADDRESS_DAYS = env_int("RETENTION_IP_ADDRESS_DAYS", 30)
