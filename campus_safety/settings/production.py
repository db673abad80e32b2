"""Production: the base settings with DEBUG off; the base refuses to start without a secret key."""
import os

os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: E402,F401,F403
