"""API tokens in Beheer (issue 17.2, 19.3): issued for oneself or a partner system only, the key
shown once on the page that issues it, never listed; rotated with an overlap (the new key shown
once, the old one valid until the overlap ends); revoked at once, never deleted."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from zicht.accounts import services
from zicht.accounts.models import ApiToken, User
from zicht.accounts.policy import Role
from zicht.core.errors import Refusal
from zicht.core.forms import LimitedForm


def token_holders(by: User) -> QuerySet[User]:
    """Whom `by` may issue a token for: themselves and active partner-system accounts."""
    return User.objects.filter(Q(pk=by.pk) | Q(role=Role.PARTNER_SYSTEM, is_active=True)).order_by(
        "full_name"
    )


class IssueTokenForm(LimitedForm):
    user = forms.ModelChoiceField(
        label="Account",
        queryset=User.objects.none(),
        help_text="Uzelf, of de koppeling van een ketenpartner. Nooit een collega.",
        error_messages={
            "required": "Kies het account waarvoor het token is.",
            "invalid_choice": services.ISSUE_FOR_OTHERS_REFUSED,
        },
    )

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = token_holders(by)  # type: ignore[attr-defined]


class RotateTokenForm(LimitedForm):
    overlap_days = forms.IntegerField(
        label="Overlap in dagen",
        min_value=1,
        max_value=services.ROTATION_OVERLAP_MAX_DAYS,
        initial=services.ROTATION_OVERLAP_DEFAULT_DAYS,
        help_text="Zo lang werken het oude en het nieuwe token allebei, zodat de ketenpartner "
        "kan overstappen. Daarna geeft het oude token 401.",
        error_messages={
            "required": services.ROTATION_OVERLAP_INVALID,
            "invalid": services.ROTATION_OVERLAP_INVALID,
            "min_value": services.ROTATION_OVERLAP_INVALID,
            "max_value": services.ROTATION_OVERLAP_INVALID,
        },
    )


def token_state(token: ApiToken) -> str:
    """In words, for the list: what a call with this token gets now."""
    if token.revoked_at is not None:
        return "Ingetrokken"
    if token.expires_at is None:
        return "Geldig"
    if token.expires_at <= timezone.now():
        return "Verlopen"
    return f"Geldig tot {timezone.localtime(token.expires_at):%d-%m-%Y %H:%M}"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "user",
        "state",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "rotate",
    )
    list_filter = ("user__role",)
    search_fields = ("user__full_name", "user__email")
    fields = ("user", "created_by", "created_at", "expires_at", "revoked_at", "revoked_by")
    readonly_fields = fields
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read-only: a token is issued, rotated or revoked, never edited

    @admin.display(description="Stand")
    def state(self, token: ApiToken) -> str:
        return token_state(token)

    @admin.display(description="Roteren")
    def rotate(self, token: ApiToken) -> str:
        if not token.is_usable():
            return ""
        url = reverse("admin:accounts_apitoken_rotate", args=[token.pk])
        return format_html('<a href="{}">Roteren met overlap</a>', url)

    def get_urls(self) -> list[Any]:
        rotate = path(
            "<int:id>/roteren/",
            self.admin_site.admin_view(self.rotate_view),
            name="accounts_apitoken_rotate",
        )
        return [rotate, *super().get_urls()]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the record of who held a token stays

    @admin.action(description="Geselecteerde tokens intrekken")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(by=request.user, token=token)  # type: ignore[arg-type]
            self.log_change(request, token, "Ingetrokken.")
            revoked += 1
        messages.success(request, f"{revoked} token(s) ingetrokken; ze geven nu 401.")

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """Issue a token; the answer is the only page that ever shows its key."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        by: User = request.user  # type: ignore[assignment]
        form = IssueTokenForm(request.POST or None, by=by)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "API-token aanmaken",
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            try:
                token, key = services.api_token_issue(by=by, user=form.cleaned_data["user"])
            except Refusal as refused:
                form.add_error("user", refused.message)
            else:
                self.log_addition(request, token, "Aangemaakt.")
                context |= {"title": "API-token aangemaakt", "token": token, "key": key}
                # The admin's views are never cached (Cache-Control: no-store).
                return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/accounts/apitoken/issue.html", context, status=status
        )

    def rotate_view(self, request: HttpRequest, id: int) -> HttpResponse:
        """A new key for the same account (shown once on the answer), the old one valid for the
        overlap chosen here (issue 19.3)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        by: User = request.user  # type: ignore[assignment]
        token = get_object_or_404(ApiToken.objects.select_related("user"), pk=id)
        form = RotateTokenForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "API-token roteren",
            "form": form,
            "old": token,
        }
        if request.method == "POST" and form.is_valid():
            try:
                new, key = services.api_token_rotate(
                    by=by, token=token, overlap_days=form.cleaned_data["overlap_days"]
                )
            except Refusal as refused:
                form.add_error("overlap_days", refused.message)
            except DjangoValidationError as invalid:
                form.add_error("overlap_days", invalid.message_dict["overlap_days"])
            else:
                token.refresh_from_db()
                self.log_addition(request, new, f"Aangemaakt bij rotatie van token {token.pk}.")
                self.log_change(request, token, f"Geroteerd; geldig tot {token_state(token)}.")
                context |= {"title": "API-token geroteerd", "token": new, "key": key, "old": token}
                return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/accounts/apitoken/rotate.html", context, status=status
        )
