"""Reference data for capacity planning (R-INF-3), kept by the functional administrator in
Beheer: national time norms per service and the growth scenarios. The rest of the app only reads.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Service(models.TextChoices):
    ADVICE = "advice", "Advies en ondersteuning"
    REPORT = "report", "Meldingen en veiligheidsbeoordeling"
    HANDOVER = "handover", "Overdracht"
    CONDITIONS = "conditions", "Voorwaarden en vervolg"
    INVESTIGATION = "investigation", "Onderzoek"
    MONITORING = "monitoring", "Monitoren"
    HOUSE_BAN = "house_ban", "Tijdelijk huisverbod"
    INFORMATION_SESSION = "information_session", "Voorlichting"


class ScenarioName(models.TextChoices):
    LOW = "low", "Laag"
    MIDDLE = "middle", "Midden"
    HIGH = "high", "Hoog"


class TimeNorm(models.Model):
    service = models.CharField("dienst", max_length=30, choices=Service.choices, unique=True)
    hours = models.DecimalField(
        "uren per casus",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), "Een tijdsnorm is meer dan 0 uur.")],
        help_text="Landelijke norm voor de tijdsbesteding per casus. Leeg: nog niet vastgesteld.",
    )
    source = models.CharField("bron", max_length=200, blank=True)

    class Meta:
        verbose_name = "tijdsnorm"
        verbose_name_plural = "tijdsnormen"
        ordering = ["service"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="time_norm_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()}: {self.hours or '—'} uur"


PERCENT = [
    MinValueValidator(Decimal("-100"), "Een percentage is minstens -100."),
    MaxValueValidator(Decimal("1000"), "Een percentage is hoogstens 1000."),
]


class ScenarioGrowth(models.Model):
    """How volumes grow in one scenario: a yearly percentage and, once, the effect of the
    improved reporting code (the seeds' middle scenario: advice +25% and +10–15%, reports +18% a
    year and +7%). Advice follows the advice row; every service after a report follows the
    reports row; house bans and information sessions stay as they are."""

    scenario = models.CharField("scenario", max_length=10, choices=ScenarioName.choices)
    stream = models.CharField(
        "stroom",
        max_length=10,
        choices=[("advice", "Adviezen"), ("report", "Meldingen en wat erop volgt")],
    )
    yearly_percent = models.DecimalField(
        "groei per jaar (%)", max_digits=6, decimal_places=2, validators=PERCENT
    )
    code_percent = models.DecimalField(
        "eenmalig effect meldcode (%)", max_digits=6, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = "groeiscenario"
        verbose_name_plural = "groeiscenario's"
        ordering = ["scenario", "stream"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "stream"], name="scenario_stream_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_scenario_display()} — {self.get_stream_display()}"
