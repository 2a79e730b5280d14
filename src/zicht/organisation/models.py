from django.core.validators import RegexValidator
from django.db import models


class Organisation(models.Model):
    """This Veilig Thuis organisation. Exactly one row (enforced by a constraint on `singleton`)."""

    singleton = models.BooleanField(default=True, editable=False)
    name = models.CharField("naam", max_length=150)
    code = models.CharField(
        "code",
        max_length=20,
        help_text="De korte code van deze VT-organisatie, bijvoorbeeld in dossiernummers.",
    )
    phone = models.CharField("telefoonnummer (24/7)", max_length=30, default="0800-2000")
    address = models.CharField("bezoekadres", max_length=200, blank=True)
    email = models.EmailField("e-mailadres", blank=True)

    class Meta:
        verbose_name = "eigen organisatie"
        verbose_name_plural = "eigen organisatie"
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="organisation_single_row"),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField("naam", max_length=100, unique=True)
    cbs_code = models.CharField(
        "CBS-code",
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", "Een CBS-gemeentecode is GM gevolgd door 4 cijfers.")
        ],
    )
    active = models.BooleanField("actief", default=True)
    # A household may live outside this VT's region (a report about a family that moved, a
    # child staying with a parent elsewhere): that municipality is allowed and named so.
    in_region = models.BooleanField(
        "in de regio",
        default=True,
        help_text="Uit: een gemeente buiten de regio van deze Veilig Thuis-organisatie.",
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["-in_region", "name"]

    def __str__(self) -> str:
        return self.name if self.in_region else f"{self.name} (buiten de regio)"


class PartnerType(models.TextChoices):
    LOCAL_TEAM = "local_team", "Lokaal team / CJG / wijkteam"
    RVDK = "rvdk", "Raad voor de Kinderbescherming"
    POLICE = "police", "Politie"
    PUBLIC_PROSECUTOR = "public_prosecutor", "Openbaar Ministerie"
    CRISIS_SERVICE = "crisis_service", "Crisisdienst"
    GP = "gp", "Huisarts"
    MENTAL_HEALTH = "mental_health", "GGZ"
    SCHOOL = "school", "School"
    YOUTH_PROTECTION = "youth_protection", "Gecertificeerde instelling (jeugdbescherming)"
    PROBATION = "probation", "Reclassering"
    SAFETY_HOUSE = "safety_house", "Zorg- en Veiligheidshuis"
    OTHER = "other", "Overig"


class PartnerAgency(models.Model):
    name = models.CharField("naam", max_length=150)
    type = models.CharField("soort", max_length=32, choices=PartnerType.choices)
    municipalities = models.ManyToManyField(
        Municipality, related_name="partners", blank=True, verbose_name="werkgebied (gemeenten)"
    )
    contact_person = models.CharField("contactpersoon", max_length=150, blank=True)
    phone = models.CharField("telefoonnummer", max_length=30, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    address = models.CharField("adres", max_length=200, blank=True)
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "ketenpartner"
        verbose_name_plural = "ketenpartners"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "type"], name="partner_unique_name_type"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_type_display()})"
