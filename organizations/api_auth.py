from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF tokens that stop working API_TOKEN_TTL after they were issued."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - settings.API_TOKEN_TTL:
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return user, token
