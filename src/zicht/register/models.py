"""What the register holds (R-REG-2): per registration the organisation, an opaque case and person
reference, the dates, and pseudonymous keys — never a name, a BSN or a date of birth."""

from django.db import models
from django.db.models import Q


class Organisation(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=150)
    contact = models.CharField(max_length=300, help_text="telefoon en e-mail voor VT-tot-VT")

    # DRF's request.user is the organisation a credential belongs to.
    is_authenticated = True

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    """An organisation's API key, stored as its SHA-256 (the key has 256 bits of randomness, so a
    fast hash is enough); revoked by setting `revoked_at`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="credentials"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sleutel {self.pk} van {self.organisation_id}"


class Registration(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations"
    )
    case_ref = models.CharField(max_length=64)
    person_ref = models.CharField(max_length=64)
    # The keyed hash of the BSN, when the person has one: two different ones are two persons.
    bsn_key = models.CharField(max_length=64, blank=True)
    clk = models.BinaryField(max_length=128)
    registered_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_ref", "person_ref"], name="registration_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "case_ref"])]

    def __str__(self) -> str:
        return f"registratie {self.pk}"


class Key(models.Model):
    """An exact key (a full HMAC) or a blocking key (a truncated one) of a registration; a lookup
    is an index search on `value`."""

    EXACT, BLOCK = "e", "b"
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=1, choices=[(EXACT, "exact"), (BLOCK, "block")])
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["value"])]

    def __str__(self) -> str:
        return f"sleutel {self.pk}"


class Match(models.Model):
    """Two registrations of different organisations of (probably) the same person."""

    first = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    exact = models.BooleanField()
    score = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="match_once")]

    def __str__(self) -> str:
        return f"match {self.pk}"


class Notification(models.Model):
    """A match told to one organisation: pulled until it is acknowledged (at-least-once; the
    client keys on `id`, so a repeat is harmless)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="notifications")
    own = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation"], condition=Q(acknowledged_at=None), name="notification_open"
            )
        ]

    def __str__(self) -> str:
        return f"melding {self.pk}"


class AccessLog(models.Model):
    """Every registration, lookup, notification and refusal, per organisation (NEN 7513 as far as
    the register can know: event, time, client organisation, credential, registration)."""

    at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    credential_id = models.BigIntegerField(null=True)
    event = models.CharField(max_length=20)
    case_ref = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event}"
