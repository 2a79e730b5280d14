from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from zicht.accounts.models import Team, User


class StaffCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class StaffChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "is_active")


class TeamInline(admin.TabularInline):
    model = Team.members.through
    extra = 0
    verbose_name = "teamlidmaatschap"
    verbose_name_plural = "teams"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    ordering = ("full_name",)
    list_display = ("full_name", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "teams")
    search_fields = ("full_name", "email")
    inlines = [TeamInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Medewerker", {"fields": ("full_name", "role", "is_active")}),
        ("Datums", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "member_count")
    search_fields = ("name",)
    filter_horizontal = ("members",)

    @admin.display(description="aantal leden")
    def member_count(self, obj: Team) -> int:
        return obj.members.count()

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "members":
            kwargs["widget"] = forms.SelectMultiple(attrs={"size": 12})
        return super().formfield_for_manytomany(db_field, request, **kwargs)
