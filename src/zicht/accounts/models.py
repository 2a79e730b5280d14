import hashlib
from datetime import datetime

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


def token_digest(key: str) -> str:
    """What is stored of an API token: its SHA-256. The key is 160 random bits, so a plain hash
    (no salt, no slow hash) is enough and lets a request find its token in one indexed query."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token (`Authorization: Token …`), stored as its SHA-256 only (issue 17.2).

    The key is shown once, to whoever issued it, and never again: not in Beheer, not in a log. A
    user has any number of tokens (a partner system rotates: the new one is issued before the old
    one is revoked or expires); a revoked or expired token answers 401.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="account"
    )
    digest = models.CharField("SHA-256 van het token", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("aangemaakt", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="aangemaakt door",
        editable=False,
    )
    expires_at = models.DateTimeField("verloopt", null=True, blank=True)
    revoked_at = models.DateTimeField("ingetrokken", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="ingetrokken door",
        editable=False,
    )

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API-token {self.pk} van {self.user}"

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class AccountChange(models.Model):
    """Every change of who someone is in Zicht, with who asked, why, and who confirmed it
    (separation of duties, issue 17.3): an account made, its role, e-mail or being active, its
    teams, a reset of password and second factor. A change that needs a second administrator
    waits here (PENDING) until another administrator approves or rejects it."""

    class Kind(models.TextChoices):
        CREATE = "create", "Account aangemaakt"
        ACCOUNT = "account", "Rol, e-mailadres of actief"
        TEAMS = "teams", "Teams"
        RESET = "reset", "Wachtwoord en tweede factor gereset"

    class Status(models.TextChoices):
        PENDING = "pending", "Wacht op een tweede beheerder"
        APPLIED = "applied", "Doorgevoerd"
        REJECTED = "rejected", "Afgewezen"

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_changes", verbose_name="medewerker"
    )
    kind = models.CharField("soort", max_length=16, choices=Kind.choices)
    status = models.CharField("stand", max_length=16, choices=Status.choices)
    before = models.JSONField("was", default=dict)
    after = models.JSONField("wordt", default=dict)
    reason = models.TextField("reden", max_length=1000)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="gevraagd door"
    )
    requested_at = models.DateTimeField("gevraagd", default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bevestigd of afgewezen door",
    )
    decided_at = models.DateTimeField("bevestigd of afgewezen", null=True, blank=True)

    class Meta:
        verbose_name = "accountwijziging"
        verbose_name_plural = "accountwijzigingen"
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="account_change_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"
