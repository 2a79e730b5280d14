from django.db import models


class ExtraNonWorkingDay(models.Model):
    """A day declared equal to a public holiday by decree (Algemene termijnenwet art. 3(3))."""

    date = models.DateField("datum", unique=True)
    name = models.CharField("naam", max_length=100)
    reason = models.CharField(
        "besluit of reden",
        max_length=250,
        blank=True,
        help_text="Bijvoorbeeld het Koninklijk Besluit waarmee de dag is gelijkgesteld.",
    )
    created_at = models.DateTimeField("toegevoegd op", auto_now_add=True)

    class Meta:
        verbose_name = "extra vrije dag"
        verbose_name_plural = "extra vrije dagen"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d-%m-%Y})"
