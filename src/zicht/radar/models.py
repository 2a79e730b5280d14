"""What Zicht keeps of its registrations in the national register: the opaque references it
sent, the outbox of messages not yet acknowledged, and the matches it was told about."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from zicht.core.limits import FREE_TEXT_MAX


def new_reference() -> str:
    return secrets.token_urlsafe(18)  # 24 characters; says nothing about the case or person


class CaseRegistration(models.Model):
    """A case as the register knows it: only by `reference`."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_registration"
    )
    reference = models.CharField(max_length=64, unique=True, default=new_reference)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"registratie van dossier {self.case_id}"


class PersonReference(models.Model):
    registration = models.ForeignKey(
        CaseRegistration, on_delete=models.CASCADE, related_name="persons"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=64, unique=True, default=new_reference)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "person"], name="radar_person_once")
        ]

    def __str__(self) -> str:
        return f"persoon {self.person_id} in registratie {self.registration_id}"


class OutboxKind(models.TextChoices):
    REGISTER = "register", "Registreren"
    END = "end", "Beëindigen"


class Outbox(models.Model):
    """A message for the register, kept until it is acknowledged (never lost). `body` holds only
    what is sent: references and pseudonymous keys, no name, BSN or date of birth."""

    kind = models.CharField(max_length=10, choices=OutboxKind.choices)
    case_reference = models.CharField(max_length=64)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The last failure, without content: an HTTP status or an exception's class name.
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(delivered_at=None),
                name="radar_outbox_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class RegisterMatch(models.Model):
    """Another VT organisation registered the same person (R-REG-1): where and when, never what."""

    notification_id = models.BigIntegerField(unique=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="register_matches"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.CharField("Veilig Thuis-organisatie", max_length=150)
    contact = models.CharField("contact", max_length=300)
    other_reference = models.CharField("hun referentie", max_length=64)
    other_registered_at = models.DateTimeField("daar geregistreerd op")
    other_last_activity_at = models.DateTimeField("laatste activiteit daar")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["other_registered_at"]

    def __str__(self) -> str:
        return f"match bij {self.organisation}"


class RegisterLookup(models.Model):
    """A worker asked the register about a case's persons (R-REG-1, during the assessment)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(max_length=FREE_TEXT_MAX)

    def __str__(self) -> str:
        return f"bevraging {self.pk}"
