"""One settings module, driven by environment variables.

Development defaults (SQLite in the work tree, DEBUG on) let `make run` work on a
fresh machine; `MKIP_ENV=production` turns on the refusals that keep a live
service safe: no DEBUG, no default secret key, no demo users.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-not-for-production"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

MKIP_ENV = env.str("MKIP_ENV", default="development")
if MKIP_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"MKIP_ENV must be development, test or production, not {MKIP_ENV!r}")
PRODUCTION = MKIP_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Calendar events' UIDs end in this domain: it must stay the same for the life of the site, or
# every subscriber's diary would show each event twice.
CALENDAR_UID_DOMAIN = env("CALENDAR_UID_DOMAIN", default=ALLOWED_HOSTS[0])
DEMO_USERS = env.bool("DEMO_USERS", default=not PRODUCTION)
# Administrators and heads of service must sign in with a code as well; off by default
# only for the local demo so its shared demo accounts need no authenticator app.
REQUIRE_TWO_FACTOR = env.bool("REQUIRE_TWO_FACTOR", default=PRODUCTION)
OTP_TOTP_ISSUER = "MKIP shared services"

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters in production.")
    if DEMO_USERS:
        raise ImproperlyConfigured("Demo users must not exist in production (set DEMO_USERS=false).")
    if not REQUIRE_TWO_FACTOR:
        raise ImproperlyConfigured("Two-factor sign-in cannot be switched off in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tables2",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_tasks_db",
    "mkip",
    "partnership",
    "finance",
    "staffing",
    "governance",
    "board",
    "reminders",
    "bench",
]

MIDDLEWARE = [
    # Outermost, so a database outage anywhere below becomes a clear 503 page.
    "mkip.resilience.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Each history row names the signed-in person who made the change, and how (a form or the admin).
    "simple_history.middleware.HistoryRequestMiddleware",
    "mkip.history.HowMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "mkip.middleware.IdleSessionMiddleware",
    "partnership.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into a clear page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock the pair (username, address), not either alone, so nobody can lock a colleague
# out from elsewhere by guessing at their username.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            "builtins": ["mkip.templatetags.mkip"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'mkip.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Without health checks a persistent connection dropped by a database restart turns
# the next request into a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A test database in a file, not in memory, so a worker process started by a test reads it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_mkip.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The dashboard's figures are cached under the data's token (partnership.revision), so any cache
# is correct; a shared one (CACHE_URL=redis://127.0.0.1:6379/1) saves each worker computing its own.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://mkip")}

# Background work (imports, reminders, the daily baseline freeze) runs in `manage.py run_worker`,
# from a queue kept in the app's own database, so SQLite and PostgreSQL need nothing else installed.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}
# A task whose worker died holds its claim this long before another worker runs it again.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=30 * 60)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=6)
# A file with more rows than this is read by the worker, with a progress page, not in the request.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)

# Email by URL, e.g. smtp+tls://user:password@smtp.example.org:587 (django-environ's email_url);
# the console in the local demo.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MKIP shared services <no-reply@localhost>")
# Links in emails are absolute: the address people reach the site at.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

AUTH_USER_MODEL = "partnership.User"
LOGIN_URL = "login"
# Each role starts at what it has to do next (board.your_work.start).
LOGIN_REDIRECT_URL = "board:start"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 9}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DJANGO_TABLES2_TEMPLATE = "mkip/partials/_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

# Idle sessions expire after two hours; mkip.middleware.IdleSessionMiddleware renews an
# active one every few minutes rather than writing the session on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_RENEW_AFTER_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "mkip.security": {"handlers": ["console"], "level": "INFO"},
        # Database outages answered with the 503 page.
        "mkip.resilience": {"handlers": ["console"], "level": "WARNING"},
    },
}
