"""Reads about staff and teams."""

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import Team, User


def confirmed_totp_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def teams_with_members(*, user: User) -> QuerySet[Team]:
    """The user's own teams, with their members loaded in one extra query."""
    return Team.objects.filter(members=user).prefetch_related("members").order_by("name")


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
