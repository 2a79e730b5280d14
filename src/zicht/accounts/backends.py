from typing import Any

from django.contrib.auth.backends import ModelBackend

from zicht.accounts.policy import may_use_admin_app


class PolicyBackend(ModelBackend):
    """Authenticates by e-mail; Django model permissions come from the policy module.

    Group and per-user permissions are not used: the admin asks `has_perm`, and the answer is
    read from `zicht.accounts.policy`, so roles stay defined in one place.
    """

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        if getattr(user_obj, "is_superuser", False):
            return True
        app_label = perm.split(".", 1)[0]
        return may_use_admin_app(user_obj, app_label)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return getattr(user_obj, "is_superuser", False) or may_use_admin_app(user_obj, app_label)


def lockout_username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The account a login attempt is for, normalised so "Anna@X" and "anna@x" lock as one."""
    source = credentials or getattr(request, "POST", {}) or {}
    value = source.get("username") or source.get("email")
    return str(value).strip().lower() if value else None
