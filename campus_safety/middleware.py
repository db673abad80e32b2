import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class CookieLocaleMiddleware:
    """Chinese unless the user picked another language: the browser's Accept-Language is ignored,
    because office machines often run an English browser while staff read Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response


class SessionExpiryMiddleware:
    """Ends a browser session after SESSION_IDLE_TIMEOUT without a request, and after
    SESSION_ABSOLUTE_TIMEOUT from login however active it was."""

    STARTED = "_campus_auth_started"
    SEEN = "_campus_last_seen"
    # Writing the session on every request costs a query; a minute of slack is harmless.
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self.STARTED in request.session:
            now = int(time.time())
            session = request.session
            started, seen = session[self.STARTED], session.get(self.SEEN, now)
            if now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("登录已过期，请重新登录。"))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if now - seen >= self.TOUCH_EVERY:
                session[self.SEEN] = now
        response = self.get_response(request)
        # Stamped after the view, so the clock starts at the login request itself.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self.STARTED not in request.session:
            now = int(time.time())
            request.session[self.STARTED] = now
            request.session[self.SEEN] = now
        return response
