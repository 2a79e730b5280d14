"""Seeds the time norms and scenarios from the seeds (R-INF-3). The seeds give one norm — monitoring
rises from 2 to 15 hours per case — and the middle scenario; the other norms are left empty for the
functional administrator to set (an empty norm is reported as "nog niet vastgesteld", never as 0),
and low/high take the ends of the seeds' 10–15% range for the code's effect on advice."""

from decimal import Decimal

from django.db import migrations

SEED = "Programmabegroting 2019 VT Noord-Holland Noord"
SERVICES = (
    "advice",
    "report",
    "handover",
    "conditions",
    "investigation",
    "monitoring",
    "house_ban",
    "information_session",
)
SCENARIOS = {
    # scenario: {stream: (yearly %, one-off reporting-code effect %)}
    "low": {"advice": ("25", "10"), "report": ("18", "7")},
    "middle": {"advice": ("25", "12.5"), "report": ("18", "7")},
    "high": {"advice": ("25", "15"), "report": ("18", "7")},
}


def seed(apps, schema_editor):
    TimeNorm = apps.get_model("reporting", "TimeNorm")
    ScenarioGrowth = apps.get_model("reporting", "ScenarioGrowth")
    for service in SERVICES:
        monitoring = service == "monitoring"
        TimeNorm.objects.get_or_create(
            service=service,
            defaults={
                "hours": Decimal("15") if monitoring else None,
                "source": f"{SEED}: van 2 naar 15 uur per casus" if monitoring else "",
            },
        )
    for scenario, streams in SCENARIOS.items():
        for stream, (yearly, code) in streams.items():
            ScenarioGrowth.objects.get_or_create(
                scenario=scenario,
                stream=stream,
                defaults={"yearly_percent": Decimal(yearly), "code_percent": Decimal(code)},
            )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
