"""Settings shared by every layer; everything that differs between machines comes from the environment."""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CAMPUS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "import_export",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "organizations",
    "notifications",
    "risks",
    "inspections",
    "security",
    "incidents",
    "public_reports",
    "duties",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "campus_safety.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "campus_safety.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "campus_safety.urls"
WSGI_APPLICATION = "campus_safety.wsgi.application"
ASGI_APPLICATION = "campus_safety.asgi.application"

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
                "django.template.context_processors.i18n",
                "campus_safety.navigation.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` has the web server, a worker and beat writing to one SQLite file: WAL lets readers
    # go on during a write, IMMEDIATE transactions queue writers instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): failures are counted per username *and* address, so a
# locked-out account does not lock out colleagues behind the same office NAT.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organizations.lockout.lockout_response"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions end after idle time and, regardless of activity, after an absolute limit.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
API_TOKEN_TTL = timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 24 * 7))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "campus-safety@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organizations.api_auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["organizations.api_filters.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "campus_safety.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campus Safety API",
    "DESCRIPTION": "校园安全风险防控系统 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name per choice set, so generated clients see the same enum wherever a status appears.
    "ENUM_NAME_OVERRIDES": {
        "HazardStatusEnum": "risks.models.HazardStatus",
        "RiskStatusEnum": "risks.models.RiskStatus",
        "PremisesStatusEnum": "security.models.PremisesStatus",
        "PatrolKindEnum": "security.models.PatrolKind",
        "DrillKindEnum": "security.models.DrillKind",
        "TrainingKindEnum": "security.models.TrainingKind",
        "CampaignStatusEnum": "inspections.models.CampaignStatus",
        "InspectionStatusEnum": "inspections.models.InspectionStatus",
        "ChecklistKindEnum": "inspections.models.ChecklistKind",
        "CampaignKindEnum": "inspections.models.CAMPAIGN_KINDS",
        "IncidentStatusEnum": "incidents.models.IncidentStatus",
        "IncidentKindEnum": "incidents.models.IncidentKind",
        "IncidentEventKindEnum": "incidents.models.IncidentEventKind",
        "SupervisionStatusEnum": "incidents.models.SupervisionStatus",
        "SupervisionEventKindEnum": "incidents.models.SupervisionEventKind",
        "PublicReportStatusEnum": "public_reports.models.ReportStatus",
        "PublicReportKindEnum": "public_reports.models.ReportKind",
        "PublicReportOutcomeEnum": "public_reports.models.Outcome",
        "PublicReportEventKindEnum": "public_reports.models.PublicReportEventKind",
    },
}

# Celery: with no broker configured, a filesystem transport needs no server (development).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
_broker_folders = []
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_folders = [VAR_DIR / "celery-broker", VAR_DIR / "celery-processed"]
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folders[0]),
        "data_folder_out": str(_broker_folders[0]),
        "processed_folder": str(_broker_folders[1]),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
if CELERY_BROKER_URL.startswith("redis"):
    # An unacknowledged task (its worker died) is handed to another worker after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}

# A claimed reminder or delivery whose worker died is taken over after this lease.
CLAIM_TIMEOUT_SECONDS = env_int("CLAIM_TIMEOUT_SECONDS", 300)
DUTIES_ESCALATE_AFTER_DAYS = env_int("DUTIES_ESCALATE_AFTER_DAYS", 7)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 60)  # doubled on each retry
# Incidents (design choice, configurable): first report within an hour of the event, a written report within
# a day; mediation finished within 60 days of the written request (学生伤害事故处理办法 art. 20), flagged 10 days ahead.
INCIDENT_FIRST_REPORT_MINUTES = env_int("INCIDENT_FIRST_REPORT_MINUTES", 60)
INCIDENT_WRITTEN_REPORT_HOURS = env_int("INCIDENT_WRITTEN_REPORT_HOURS", 24)
INCIDENT_MEDIATION_DAYS = env_int("INCIDENT_MEDIATION_DAYS", 60)
INCIDENT_MEDIATION_WARNING_DAYS = env_int("INCIDENT_MEDIATION_WARNING_DAYS", 10)
# Public reports (举报): what one address (or one school's reports) may do in an hour, and how long a reporter's
# contact and address are kept before they are erased.
PUBLIC_REPORTS_PER_ADDRESS_HOUR = env_int("PUBLIC_REPORTS_PER_ADDRESS_HOUR", 20)
PUBLIC_REPORTS_PER_SCHOOL_HOUR = env_int("PUBLIC_REPORTS_PER_SCHOOL_HOUR", 60)
PUBLIC_LOOKUPS_PER_ADDRESS_HOUR = env_int("PUBLIC_LOOKUPS_PER_ADDRESS_HOUR", 60)
PUBLIC_WRONG_ANSWERS_PER_ADDRESS_HOUR = env_int("PUBLIC_WRONG_ANSWERS_PER_ADDRESS_HOUR", 20)
PUBLIC_REPORT_CONTACT_DAYS = env_int("PUBLIC_REPORT_CONTACT_DAYS", 180)
# The address parents' phones reach the reporting form at (the posters' QR codes); empty: the address the
# poster was opened at, which on an intranet may not be reachable from a phone.
PUBLIC_REPORT_BASE_URL = os.environ.get("PUBLIC_REPORT_BASE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Production hardening applies whenever DEBUG is off, so it is exercised outside production too.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Created up front so WhiteNoise and the filesystem broker find their folders on a fresh clone.
for _folder in (VAR_DIR, STATIC_ROOT, MEDIA_ROOT, *_broker_folders):
    Path(_folder).mkdir(parents=True, exist_ok=True)
