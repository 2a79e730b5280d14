"""Account changes in Beheer: the log of who changed whose role, e-mail, teams or second factor
and why, and the place where a second administrator approves or rejects a pending change."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from zicht.accounts import account_changes
from zicht.accounts.admin.users import link_base
from zicht.accounts.models import AccountChange
from zicht.accounts.policy import Role
from zicht.core.errors import Refusal

LABELS = {"role": "rol", "email": "e-mailadres", "is_active": "actief", "teams": "teams"}


def _value(field: str, value: Any) -> str:
    if field == "role":
        return str(Role(value).label)
    if field == "is_active":
        return "ja" if value else "nee"
    if field == "teams":
        return ", ".join(value) or "geen"
    return str(value)


@admin.register(AccountChange)
class AccountChangeAdmin(admin.ModelAdmin):
    list_display = (
        "requested_at",
        "user",
        "kind",
        "what",
        "reason",
        "requested_by",
        "status",
        "decided_by",
    )
    list_filter = ("status", "kind")
    search_fields = ("user__full_name", "user__email", "reason")
    fields = (
        "user",
        "kind",
        "what",
        "reason",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
    )
    readonly_fields = fields
    actions = ["approve", "reject"]

    @admin.display(description="wijziging")
    def what(self, change: AccountChange) -> SafeString | str:
        rows = [
            (
                LABELS[field],
                _value(field, change.before.get(field)) if change.before else "—",
                _value(field, value),
            )
            for field, value in change.after.items()
            if field in LABELS and change.before.get(field) != value
        ]
        if not rows:
            return change.get_kind_display()
        return format_html_join(", ", "{}: {} → {}", rows)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a change is asked on the account or team itself

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the log stays

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[AccountChange], approve: bool
    ) -> None:
        done = 0
        for change in queryset.filter(status=AccountChange.Status.PENDING):
            try:
                account_changes.account_change_decide(
                    by=request.user,  # type: ignore[arg-type]
                    change=change,
                    approve=approve,
                    link_base=link_base(request),
                )
            except Refusal as refused:
                messages.error(request, f"{change}: {refused.message}")
            else:
                self.log_change(request, change, "Bevestigd." if approve else "Afgewezen.")
                done += 1
        if done:
            word = "bevestigd en doorgevoerd" if approve else "afgewezen"
            messages.success(request, f"{done} wijziging(en) {word}.")

    @admin.action(description="Bevestigen als tweede beheerder (en doorvoeren)")
    def approve(self, request: HttpRequest, queryset: QuerySet[AccountChange]) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description="Afwijzen")
    def reject(self, request: HttpRequest, queryset: QuerySet[AccountChange]) -> None:
        self._decide(request, queryset, approve=False)
