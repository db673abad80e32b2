"""The test suite: the base settings, with a fast hasher and isolated files."""
import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from .base import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = tempfile.mkdtemp(prefix="campus-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run in-process unless a test is about the real worker; those start one against Redis and
# switch this off for their own duration.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True

AXES_VERBOSE = False
LOGGING["loggers"] = {"axes": {"level": "WARNING"}}  # noqa: F405
# The real-worker tests (tests/duties) open the test database from a worker process: with SQLite it
# must then be a file (base.py puts SQLite in WAL mode, so the test reads while the worker writes).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"campus-test-{os.getpid()}.sqlite3")}
