"""Beheer (the Django admin at /beheer/) for staff accounts, under separation of duties:
the functional administrator never holds another person's key, second factor or password."""

from zicht.accounts.admin import changes, devices, tokens, users

__all__ = ["changes", "devices", "tokens", "users"]
