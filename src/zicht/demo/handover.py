"""Demo handovers on the demo cases in the handover phase: alternately one confirmed by the
partner (the partner holds responsibility) and one sent and still awaiting confirmation (VT holds
it). Through the real services, so letters, deadlines, ledger and timeline are as in use.
Idempotent: a case that already has a handover is left alone."""

from zicht.accounts.models import User
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.demo.reference import demo_cases
from zicht.handover import services
from zicht.handover.models import Handover
from zicht.organisation.models import PartnerAgency

DEMO_LINK_BASE = "http://localhost:8000/overdracht/"

FACTS = (
    "Op de dag van de melding zag de leerkracht blauwe plekken op de bovenarm van het oudste "
    "kind. Het kind vertelde dat vader 's avonds hard had geschreeuwd en had geduwd.\n"
    "De politie is in de afgelopen maand twee keer bij het gezin geweest na een melding van "
    "burengerucht.\n"
    "Moeder heeft in het gesprek met Veilig Thuis gezegd dat zij hulp wil voor het gezin."
)
SAFETY_POINTS = (
    "Vader en moeder hebben afgesproken dat vader bij oplopende spanning het huis verlaat. "
    "Moeder belt bij dreiging 112. Het wijkteam bespreekt binnen 2 weken een veiligheidsplan."
)
OPINIONS = [
    services.Opinion(
        text="Wij verwachten dat de spanning thuis oploopt als er geen hulp komt.",
        holder="Gedragswetenschapper van Veilig Thuis",
        based_on="De twee politie-inzetten in één maand en de blauwe plekken.",
    ),
]


def partner_for(case: Case) -> PartnerAgency | None:
    partners = PartnerAgency.objects.filter(active=True).order_by("pk")
    local = partners.filter(municipalities=case.municipality_id) if case.municipality_id else None
    return (local.first() if local is not None else None) or partners.first()


def actor_for(case: Case) -> User | None:
    return case.worker or case.team.members.filter(is_active=True).order_by("pk").first()


def seed(cases: list[Case] | None = None) -> int:
    """Adds a handover to each given case (default: every demo case in the handover phase
    without one); the first is confirmed by the partner, the next only sent, and so on. Returns
    how many it added."""
    if cases is None:
        cases = list(
            demo_cases()
            .filter(phase=Phase.HANDOVER, handovers__isnull=True)
            .select_related("team", "worker")
            .order_by("pk")
        )
    added = 0
    for index, case in enumerate(cases):
        if Handover.objects.filter(case=case).exists():
            continue
        partner, actor = partner_for(case), actor_for(case)
        if partner is None or actor is None:
            continue
        case.refresh_from_db()
        _, link = services.handover_send(
            user=actor,
            case=case,
            expected_version=None,
            partner=partner,
            facts=FACTS,
            safety_points=SAFETY_POINTS,
            opinions=OPINIONS,
            link_base=DEMO_LINK_BASE,
        )
        if index % 2 == 0:
            services.handover_answer_by_link(
                token=link.rsplit("/", 1)[1],
                decision=services.Decision.ACCEPT,
                name=f"{partner.contact_person or 'Contactpersoon'}, {partner.name}",
                link_base=DEMO_LINK_BASE,
            )
        added += 1
    return added
