from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .models import Community, Department, School, SchoolYear, Term
from .scoped_views import ScopedReadOnlyViewSet, ScopedViewSetMixin
from .scoping import scope_for


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenObtainView(APIView):
    """Exchange a username and password for an API token (throttled like the login form)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The plain HttpRequest, so that django-axes counts failures and its middleware answers a lockout.
        user = authenticate(request._request, **data.validated_data)
        if user is None:
            return Response({"detail": _("用户名或密码不正确。")}, status=status.HTTP_400_BAD_REQUEST)
        token, created = Token.objects.get_or_create(user=user)
        if not created and token.created < timezone.now() - settings.API_TOKEN_TTL + timedelta(minutes=1):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})


class MembershipSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    anchor = serializers.SerializerMethodField()

    def get_anchor(self, membership) -> str:
        return str(membership.department or membership.school or membership.community
                   or membership.sub_district or membership.district or "")


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=inline_serializer("Me", {
        "username": serializers.CharField(), "full_name": serializers.CharField(),
        "read_only": serializers.BooleanField(), "memberships": MembershipSerializer(many=True),
    }))
    def get(self, request):
        scope = scope_for(request.user)
        return Response({
            "username": request.user.username,
            "full_name": request.user.full_name,
            "read_only": scope.is_read_only,
            "memberships": MembershipSerializer(scope.memberships, many=True).data,
        })


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "sub_district", "kind", "name"]


class CommunitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Community
        fields = ["id", "sub_district", "name"]


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = [
            "id", "sub_district", "community", "name", "kind", "address", "is_boarding", "boarder_count",
            "has_canteen", "student_count", "staff_count", "gate_latitude", "gate_longitude", "is_active",
        ]
        read_only_fields = ["sub_district", "community", "name", "kind", "is_active"]

    def update(self, instance, validated_data):
        return services.school_update_facts(
            actor=self.context["request"].user, school=instance, changes=validated_data
        )


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "kind", "starts_on", "ends_on"]


class SchoolYearSerializer(serializers.ModelSerializer):
    terms = TermSerializer(many=True, read_only=True)

    class Meta:
        model = SchoolYear
        fields = ["id", "name", "starts_on", "ends_on", "terms"]


class DepartmentViewSet(ScopedReadOnlyViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_fields = ["kind", "sub_district"]


class CommunityViewSet(ScopedReadOnlyViewSet):
    queryset = Community.objects.all()
    serializer_class = CommunitySerializer
    filterset_fields = ["sub_district"]


class SchoolViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Schools in the caller's scope; their own officer and the office may update the facts."""

    queryset = School.objects.select_related("community")
    serializer_class = SchoolSerializer
    filterset_fields = ["kind", "community", "sub_district", "is_boarding", "has_canteen"]
    http_method_names = ["get", "patch", "head", "options"]


class SchoolYearViewSet(viewsets.ReadOnlyModelViewSet):
    """School years and terms are calendar data shared by the whole deployment."""

    queryset = SchoolYear.objects.prefetch_related("terms")
    serializer_class = SchoolYearSerializer
    permission_classes = [IsAuthenticated]
