"""An advice (and the MDO decision behind a VT-initiated report) as the source of a new report,
registered with the intake page (`reports.sources`) when this app starts."""

from collections.abc import Mapping
from typing import Any

from zicht.accounts.models import User
from zicht.advice import mdo, services
from zicht.advice.services import ReportSource
from zicht.organisation.models import Organisation
from zicht.reports.models import CallerKind, Report, Sector
from zicht.reports.sources import SourceKind

VT_INITIATED_ORGANISATION = "Veilig Thuis (ambtshalve melding)"


def resolve(user: User, data: Mapping[str, str]) -> ReportSource:
    return services.report_source(
        user=user, advice_id=data.get("advies", ""), mdo_id=data.get("mdo") or None
    )


def initial(source: ReportSource, organisation: Organisation | None) -> dict[str, Any]:
    """What the report form can take over from the advice it comes from (R-ADV-6): the contact
    and the advice-seeker as reporter. Never persons: an advice has no household data (R-ADV-1).
    After an MDO decision VT itself is the reporter (R-ADV-7)."""
    advice, contact = source.advice, source.advice.contact
    values: dict[str, Any] = {"channel": contact.channel}
    if source.mdo is not None:
        return {
            **values,
            "caller_kind": CallerKind.PROFESSIONAL,
            "sector": Sector.OTHER,
            "reporter_name": organisation.name if organisation else "Veilig Thuis",
            "reporter_organisation": VT_INITIATED_ORGANISATION,
            "reporter_phone": organisation.phone if organisation else "",
            "reporter_email": organisation.email if organisation else "",
        }
    return {
        **values,
        "caller_kind": contact.caller_kind,
        "sector": contact.sector,
        "profession": contact.profession,
        "reporter_name": advice.advice_seeker_name,
        "reporter_organisation": advice.advice_seeker_organisation,
        "reporter_phone": advice.advice_seeker_phone,
        "reporter_email": advice.advice_seeker_email,
    }


def link(user: User, source: ReportSource, report: Report) -> None:
    """R-ADV-6 / R-ADV-7: in the same transaction as the report."""
    services.advice_link_report(user=user, advice=source.advice, report=report)
    if source.mdo is not None:
        mdo.mdo_link_report(user=user, mdo=source.mdo, report=report)


ADVICE_SOURCE = SourceKind(
    params=("advies", "mdo"),
    resolve=resolve,
    initial=initial,
    link=link,
    label=lambda source: f"advies {source.advice.pk}",
)
