"""Demo monitoring on the demo cases in the monitoring phase: the safety conditions set during
conditions & follow-up, the partner holding responsibility, and a running plan — one whose
3-month check is coming up, one whose 3-month check was held and the 12-month check is ahead.
Through the real services. Idempotent: a case with a monitoring plan is left alone."""

from datetime import timedelta

from django.utils import timezone

from zicht.accounts.models import User
from zicht.cases.models import Case, HolderType
from zicht.cases.services import current_period, responsibility_transfer
from zicht.cases.workflow import Phase
from zicht.demo.handover import actor_for, partner_for
from zicht.demo.reference import demo_cases
from zicht.involvement.content import ConditionRow, PlanContent
from zicht.involvement.selectors import safety_plan_current
from zicht.involvement.services import safety_plan_save
from zicht.monitoring import services
from zicht.monitoring.conditions import current
from zicht.monitoring.models import MomentKind, MonitoringPlan

CONDITIONS = (
    (
        "Vader verlaat het huis bij oplopende spanning en komt pas terug als het rustig is.",
        "Moeder en het wijkteam vertellen bij elke controle hoe vaak dat nodig was.",
    ),
    (
        "De kinderen gaan elke dag naar school en de mentor meldt verzuim direct.",
        "Navraag bij de mentor bij elke controle.",
    ),
)
# Days ago the plan of the n-th monitored demo case started: one check coming up in a few days,
# one held at 3 months with the 12-month check ahead.
STARTED_DAYS_AGO = (85, 100)


def _conditions(actor: User, case: Case) -> None:
    if safety_plan_current(case=case) is not None:
        return
    parent = case.household.members.order_by("pk").first()
    rows = [
        ConditionRow(text=text, member_ids=[parent.pk] if parent else [], check_how=how)
        for text, how in CONDITIONS
    ]
    safety_plan_save(user=actor, case=case, based_on=0, content=PlanContent(conditions=rows))


def seed() -> int:
    added = 0
    cases = demo_cases().filter(phase=Phase.MONITORING).select_related("team", "worker")
    for index, case in enumerate(cases.order_by("pk")):
        actor, partner = actor_for(case), partner_for(case)
        if MonitoringPlan.objects.filter(case=case).exists() or actor is None or partner is None:
            continue
        _conditions(actor, case)
        holder = current_period(case)
        if holder is None or holder.holder_type == HolderType.VT:
            responsibility_transfer(
                user=actor,
                case=case,
                holder_type=HolderType.PARTNER,
                partner=partner,
                reason="Warme overdracht opgepakt door de ketenpartner",
            )
        today = timezone.localdate()
        ago = STARTED_DAYS_AGO[index % len(STARTED_DAYS_AGO)]
        started = max(today - timedelta(days=ago), timezone.localdate(case.opened_at))
        case.refresh_from_db()
        plan = services.plan_start(
            user=actor,
            case=case,
            expected_version=None,
            started_on=started,
            agreements="Veilig Thuis belt elke 6 weken met moeder en de gezinscoach.",
        )
        three = plan.moments.get(kind=MomentKind.THREE_MONTHS)
        if three.due < today:
            services.check_record(
                user=actor,
                plan=plan,
                expected_version=None,
                held_on=three.due,
                moment=three,
                direct_safety=True,
                stable_safety="not_yet",
                recovery_worked_on=True,
                summary="Huisbezoek met de gezinscoach; de afspraken worden nagekomen.",
                partner_view="De gezinscoach ziet dat het rustiger is thuis.",
                condition_results={c.pk: services.ConditionCheck("met") for c in current(case)},
                contacts={m.pk: services.MemberContact(True) for m in case.household.members.all()},
            )
        added += 1
    return added
