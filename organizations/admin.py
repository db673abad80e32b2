from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (Community, Department, District, Membership, School, SchoolLiaison, SchoolYear, SubDistrict,
                     Term, User)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["sub_district", "department", "school", "community"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "phone", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("联系方式"), {"fields": ["full_name", "phone"]}),)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sub_district"]
    list_filter = ["sub_district", "kind"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "sub_district"]
    list_filter = ["sub_district"]
    search_fields = ["name"]


class LiaisonInline(admin.TabularInline):
    model = SchoolLiaison
    extra = 0
    autocomplete_fields = ["department", "person"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "community", "student_count", "is_boarding", "has_canteen", "is_active"]
    list_filter = ["sub_district", "kind", "is_boarding", "has_canteen", "is_active"]
    search_fields = ["name", "address"]
    inlines = [LiaisonInline]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    inlines = [TermInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "sub_district", "department", "school", "community", "district"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user", "sub_district", "department", "school", "community"]


@admin.register(SchoolLiaison)
class SchoolLiaisonAdmin(admin.ModelAdmin):
    list_display = ["school", "department", "kind", "person"]
    list_filter = ["department__kind", "kind"]
    autocomplete_fields = ["school", "department", "person"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["school_year", "kind", "starts_on", "ends_on"]
