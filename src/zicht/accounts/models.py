from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from zicht.accounts.policy import Action, Role, can


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("role", Role.FUNCTIONAL_ADMIN)
        extra["is_superuser"] = True
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Login is by e-mail, case-insensitively: staff type it in any case.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member. Logs in with e-mail, password and a TOTP code."""

    email = models.EmailField("e-mailadres", unique=True)
    full_name = models.CharField("naam", max_length=150)
    role = models.CharField("rol", max_length=32, choices=Role.choices)
    is_active = models.BooleanField("actief", default=True)
    date_joined = models.DateTimeField("in dienst sinds", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "role"]

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        """Django admin access follows the policy, not a separate flag."""
        return self.is_active and (self.is_superuser or can(self, Action.MANAGE_REFERENCE_DATA))

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Team(models.Model):
    name = models.CharField("naam", max_length=100, unique=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True, verbose_name="leden")

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
