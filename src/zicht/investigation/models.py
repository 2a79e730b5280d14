"""The investigation (onderzoek, DOMAIN §4.6): why VT investigates (R-OND-1), the network asked
(R-OND-3), the conclusion with its facts and attributed opinions apart (R-OND-2, R-HO-4), and the
requests to the child protection board and the notices to the college and police (R-OND-5).

The conversations with the household members and the safety plan are the shared ones of
`zicht.involvement` (service "investigation"); this app adds the investigation's own rules on top.
"""

from django.conf import settings
from django.db import models

from zicht.core.limits import FREE_TEXT_MAX


class Ground(models.TextChoices):
    """The reasons for an investigation that R-OND-1 names."""

    UNCLEAR = (
        "unclear",
        ("Veiligheid bedreigd en onduidelijk of er huiselijk geweld of kindermishandeling is"),
    )
    INSUFFICIENT = "insufficient", "Informatie onvoldoende om een vervolg te kiezen"
    NO_COOPERATION = "no_cooperation", "Het huishouden werkt niet mee of accepteert geen hulp"
    HEAVIER_INTERVENTION = (
        "heavier_intervention",
        ("Grond opbouwen voor een zwaardere interventie (onderzoek door de Raad)"),
    )


class Conclusion(models.TextChoices):
    """The investigation outcomes as CBS counts them (R-INF-1)."""

    CONFIRMED = "confirmed", "Bevestigd"
    NOT_CONFIRMED = "not_confirmed", "Niet bevestigd"
    REFUTED = "refuted", "Weerlegd"
    CLOSED_EARLY = "closed_early", "Voortijdig beëindigd"


class Investigation(models.Model):
    """One investigation of a case, from the assessment's decision to its conclusion."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="investigations")
    decided_on = models.DateField("besloten op")
    started_at = models.DateTimeField("gestart op", null=True, blank=True)
    conclusion = models.CharField(
        "conclusie", max_length=20, choices=Conclusion.choices, blank=True
    )
    facts = models.TextField(
        "feiten waarop de conclusie berust", blank=True, max_length=FREE_TEXT_MAX
    )
    next_steps = models.TextField("vervolgstappen", blank=True, max_length=FREE_TEXT_MAX)
    concluded_at = models.DateTimeField("afgerond op", null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R-PRIV-4: after a refuting conclusion the household is told it may ask for destruction.
    destruction_told_at = models.DateTimeField(
        "huishouden gewezen op vernietiging op", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "onderzoek"
        verbose_name_plural = "onderzoeken"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(concluded_at__isnull=True),
                name="investigation_one_open_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Onderzoek {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None


class InvestigationGround(models.Model):
    """One R-OND-1 ground with the worker's explanation of it for this household."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="grounds"
    )
    ground = models.CharField("grond", max_length=30, choices=Ground.choices)
    explanation = models.TextField("toelichting", max_length=FREE_TEXT_MAX)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "ground"], name="ground_once")
        ]

    def __str__(self) -> str:
        return self.get_ground_display()


class ConclusionOpinion(models.Model):
    """An opinion in the conclusion: whose it is and on which facts it rests (R-HO-4)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="opinions"
    )
    text = models.TextField("mening of hypothese", max_length=FREE_TEXT_MAX)
    holder = models.CharField("van wie (naam en functie)", max_length=200)
    based_on = models.TextField("gebaseerd op deze feiten", max_length=FREE_TEXT_MAX)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.holder}: {self.text[:40]}"


class NetworkKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professioneel netwerk"
    INFORMAL = "informal", "Informeel netwerk"


class NetworkRequest(models.Model):
    """Information asked from the professional or informal network (R-OND-3)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="network_requests"
    )
    kind = models.CharField("soort", max_length=20, choices=NetworkKind.choices)
    source = models.CharField("van wie (naam, functie of relatie)", max_length=200)
    asked_on = models.DateField("gevraagd op")
    question = models.TextField("vraag", max_length=FREE_TEXT_MAX)
    answer = models.TextField("antwoord", blank=True, max_length=FREE_TEXT_MAX)
    answered_on = models.DateField("antwoord ontvangen op", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.asked_on})"


class NoticeKind(models.TextChoices):
    RVDK = "rvdk", "Verzoek tot onderzoek aan de Raad voor de Kinderbescherming"
    POLICE = "police", "Politie geïnformeerd"


class AuthorityNotice(models.Model):
    """A request to the child protection board, or informing the police (R-OND-5). An RvdK request
    always has the letter to the municipal executive (college) with it (Wmo 4.1.1 f)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("soort", max_length=10, choices=NoticeKind.choices)
    made_on = models.DateField("datum")
    grounds = models.TextField("gronden", max_length=FREE_TEXT_MAX)
    college_informed_on = models.DateField("college geïnformeerd op", null=True, blank=True)
    college_letter = models.ForeignKey(
        "letters.Letter", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]
        constraints = [
            # The database refuses an RvdK request that did not inform the college (R-OND-5).
            models.CheckConstraint(
                condition=~models.Q(kind="rvdk") | models.Q(college_informed_on__isnull=False),
                name="rvdk_request_informs_college",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.made_on})"
