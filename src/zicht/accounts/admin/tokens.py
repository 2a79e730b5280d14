"""API tokens in Beheer (issue 17.2): issued for oneself or a partner system only, the key shown
once on the page that issues it, never listed; revoked, never deleted."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "created_by", "created_at", "expires_at", "revoked_at")
    list_filter = ("user__role",)
    search_fields = ("user__full_name", "user__email")
    fields = ("user", "created_by", "created_at", "expires_at", "revoked_at", "revoked_by")
    readonly_fields = fields
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read-only: a token is issued or revoked, never edited

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
