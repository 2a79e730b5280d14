from django.conf import settings
from django.db import models

from zicht.core.limits import DOCUMENT_MAX, FREE_TEXT_MAX
from zicht.letters.rendering import validate_template_syntax


class LetterTemplate(models.Model):
    """A letter's text, maintained by the functional administrator in the admin.

    `subject` and `body` are template text: variables such as {{ professional_name }} are filled
    in from the context the calling service gives; the layout (organisation, date, recipient
    block) comes from `letters/base_letter.html`.
    """

    code = models.SlugField(
        "code",
        max_length=60,
        unique=True,
        help_text="De vaste code waarmee Zicht deze brief kiest. Niet wijzigen.",
    )
    name = models.CharField("naam", max_length=150)
    subject = models.CharField("onderwerp", max_length=200, validators=[validate_template_syntax])
    body = models.TextField(
        "brieftekst",
        validators=[validate_template_syntax],
        help_text=(
            "HTML-tekst van de brief. Gebruik {{ variabele }} voor gegevens uit het dossier; "
            "de aanhef met adres, datum en ondertekening voegt Zicht zelf toe."
        ),
        max_length=DOCUMENT_MAX,
    )
    active = models.BooleanField("actief", default=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "briefsjabloon"
        verbose_name_plural = "briefsjablonen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RecipientKind(models.TextChoices):
    HOUSEHOLD_MEMBER = "household_member", "Lid van het huishouden"
    REPORTER = "reporter", "Melder"
    PARTNER = "partner", "Ketenpartner"
    MUNICIPALITY = "municipality", "Gemeente"
    PROFESSIONAL = "professional", "Professional"


class LetterStatus(models.TextChoices):
    QUEUED = "queued", "Klaargezet"
    RENDERED = "rendered", "PDF gemaakt"
    SENT = "sent", "Verzonden"
    FAILED = "failed", "Mislukt"
    WITHDRAWN = "withdrawn", "Ingetrokken"


# A letter that has left the building, or was withdrawn, does not change any more.
FINAL_STATUSES = (LetterStatus.SENT, LetterStatus.WITHDRAWN)


class SentVia(models.TextChoices):
    POST = "post", "Per post"
    EMAIL = "email", "Per (beveiligde) e-mail"
    HAND = "hand", "Persoonlijk overhandigd"


class Letter(models.Model):
    """One letter in the outbox. The rendered HTML is kept beside the PDF: it is what was sent,
    even after the template changes, and tests and reviewers read it without parsing a PDF."""

    # Letters are part of the case file and are destroyed with it (R-PRIV-4).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name="dossier",
    )
    template_code = models.CharField("sjabloon", max_length=60)
    subject = models.CharField("onderwerp", max_length=200)
    recipient_name = models.CharField("naam ontvanger", max_length=200)
    recipient_address = models.TextField(
        "adres ontvanger", help_text="Eén adresregel per regel.", max_length=FREE_TEXT_MAX
    )
    recipient_kind = models.CharField(
        "soort ontvanger", max_length=20, choices=RecipientKind.choices
    )
    html = models.TextField("brief (HTML)", max_length=DOCUMENT_MAX)
    pdf = models.FileField("brief (PDF)", upload_to="letters/%Y/%m", blank=True)
    status = models.CharField(
        "status", max_length=10, choices=LetterStatus.choices, default=LetterStatus.QUEUED
    )
    error = models.TextField("foutmelding", blank=True, max_length=FREE_TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("klaargezet op", auto_now_add=True)
    rendered_at = models.DateTimeField("PDF gemaakt op", null=True, blank=True)
    sent_at = models.DateTimeField("verzonden op", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_via = models.CharField("verzonden hoe", max_length=10, choices=SentVia.choices, blank=True)
    withdrawn_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(
        "reden van intrekken", blank=True, max_length=FREE_TEXT_MAX
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="vervangt brief",
    )

    class Meta:
        verbose_name = "brief"
        verbose_name_plural = "brieven"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} aan {self.recipient_name}"

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.recipient_address.splitlines() if line.strip()]
