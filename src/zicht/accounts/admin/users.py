"""Staff accounts and teams in Beheer. Changes of role, e-mail, being active and teams go through
`accounts.account_changes` with a reason: logged, and where the rule says so left for a second
administrator. Nobody sets another person's password here; a reset mails the person a link."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from zicht.accounts import account_changes
from zicht.accounts.models import AccountChange, Team, User
from zicht.core.errors import NotPermitted
from zicht.core.forms import LimitedForm
from zicht.core.limits import LimitedFormMixin

REASON_HELP = "Waarom? Verplicht bij een andere rol, e-mailadres, actief of andere teams."
SETTING_FOR_OTHERS_REFUSED = (
    "Een beheerder stelt geen wachtwoord in voor een ander. Gebruik ‘Wachtwoord en tweede "
    "factor resetten’: de medewerker krijgt dan een eenmalige link om zelf een wachtwoord te "
    "kiezen en koppelt daarna opnieuw de authenticator-app."
)
GUARDED = ("role", "email", "is_active", "teams")


def link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reden van de wijziging",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


def _say(request: HttpRequest, change: AccountChange | None) -> None:
    if change is None:
        return
    if change.status == AccountChange.Status.PENDING:
        messages.warning(
            request,
            f"{change.get_kind_display()} van {change.user} wacht op een tweede beheerder "
            f"(Accountwijzigingen). {account_changes.pending_reason(change)}",
        )
    else:
        messages.success(request, f"{change.get_kind_display()} van {change.user}: vastgelegd.")


class StaffCreationForm(LimitedFormMixin, forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = User
        fields = ("email", "full_name", "role")

    def clean_reason(self) -> str:
        if not self.cleaned_data.get("reason", "").strip():
            raise ValidationError(account_changes.REASON_MISSING)
        return str(self.cleaned_data["reason"])


class StaffChangeForm(LimitedFormMixin, forms.ModelForm):
    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reason = reason_field()

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["teams"].initial = list(self.instance.teams.all())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if set(self.changed_data) & set(GUARDED) and not cleaned.get("reason", "").strip():
            self.add_error("reason", account_changes.REASON_MISSING)
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    add_form_template = None
    change_form_template = "admin/accounts/user/change_form.html"
    ordering = ("full_name",)
    list_display = ("full_name", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "teams")
    search_fields = ("full_name", "email")
    fieldsets = (
        (None, {"fields": ("email",)}),
        ("Medewerker", {"fields": ("full_name", "role", "is_active", "teams")}),
        ("Wijziging", {"fields": ("reason",)}),
        ("Datums", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "full_name", "role", "reason")}),)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def get_urls(self) -> list[Any]:
        reset = path(
            "<id>/reset/",
            self.admin_site.admin_view(self.reset_view),
            name="accounts_user_reset",
        )
        return [reset, *super().get_urls()]

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """Issue 17.3: `/beheer/accounts/user/<id>/password/` set anyone's password."""
        raise NotPermitted(SETTING_FOR_OTHERS_REFUSED)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        by: User = request.user  # type: ignore[assignment]
        data = form.cleaned_data
        if not change:
            created, logged = account_changes.account_create(
                by=by,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                reason=data["reason"],
                link_base=link_base(request),
            )
            obj.pk, obj._state.adding = created.pk, False
            _say(request, logged)
            return
        stored = User.objects.get(pk=obj.pk)
        wanted = {field: getattr(obj, field) for field in account_changes.ACCOUNT_FIELDS}
        for field in account_changes.ACCOUNT_FIELDS:
            setattr(obj, field, getattr(stored, field))
        obj.save()  # the name, which needs nobody's confirmation
        _say(
            request,
            account_changes.account_update(by=by, user=obj, reason=data["reason"], **wanted),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change and "teams" in form.changed_data:
            logged = account_changes.teams_change(
                by=request.user,  # type: ignore[arg-type]
                user=form.instance,
                teams=list(form.cleaned_data["teams"]),
                reason=form.cleaned_data["reason"],
            )
            _say(request, logged)

    def reset_view(self, request: HttpRequest, id: str) -> HttpResponse:
        if not self.has_change_permission(request):
            raise NotPermitted()
        user = get_object_or_404(User, pk=id)
        form = ResetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            account_changes.account_reset(
                by=request.user,  # type: ignore[arg-type]
                user=user,
                reason=form.cleaned_data["reason"],
                link_base=link_base(request),
            )
            messages.success(
                request,
                f"Wachtwoord en tweede factor van {user} zijn gereset. {user} krijgt een "
                "eenmalige link per e-mail en koppelt bij de volgende keer inloggen opnieuw de "
                "authenticator-app.",
            )
            return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": f"Wachtwoord en tweede factor resetten: {user}",
            "form": form,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/accounts/user/reset.html", context, status=status)


class ResetForm(LimitedForm):
    reason = forms.CharField(
        label="Reden",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": account_changes.REASON_MISSING},
        help_text="Bijvoorbeeld: telefoon kwijt, wachtwoord vergeten.",
    )


class TeamAdminForm(LimitedFormMixin, forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = Team
        fields = ("name", "members")
        widgets = {"members": forms.SelectMultiple(attrs={"size": 12})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "members" in self.changed_data and not cleaned.get("reason", "").strip():
            self.add_error("reason", account_changes.REASON_MISSING)
        return cleaned


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = TeamAdminForm
    list_display = ("name", "member_count")
    search_fields = ("name",)
    fields = ("name", "members", "reason")

    @admin.display(description="aantal leden")
    def member_count(self, obj: Team) -> int:
        return obj.members.count()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Each member who joins or leaves is logged as a change of their teams."""
        team: Team = form.instance
        before = set(team.members.all()) if change else set()
        after = set(form.cleaned_data["members"])
        for user in before ^ after:
            teams = [t for t in user.teams.all() if t.pk != team.pk]
            if user in after:
                teams.append(team)
            account_changes.teams_change(
                by=request.user,  # type: ignore[arg-type]
                user=user,
                teams=teams,
                reason=form.cleaned_data["reason"],
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
