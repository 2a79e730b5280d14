"""The main navigation: one entry per capability that exists, shown when the policy allows it."""

from dataclasses import dataclass

from django.urls import reverse

from zicht.accounts.policy import Action, can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: Action | None = None
    also: Action | None = None  # a second right that shows the item as well

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION: list[NavItem] = [
    NavItem("Start", "shell:home"),
    NavItem("Mijn werk", "cases:my_work", Action.VIEW_CLIENT_DATA),
    NavItem("Team", "cases:team", Action.LEAD_TEAM),
    NavItem("Dagelijkse screening", "screening:list", Action.ASSESS_SAFETY),
    NavItem("Wachtlijst", "screening:waiting_list", Action.LEAD_TEAM, Action.VIEW_MANAGEMENT_INFO),
    NavItem("Dashboard", "reporting:dashboard", Action.VIEW_MANAGEMENT_INFO),
    NavItem("CBS-levering", "reporting:cbs", Action.VIEW_MANAGEMENT_INFO),
    NavItem("Gemeenterapportage", "reporting:municipal", Action.VIEW_MANAGEMENT_INFO),
    NavItem("Capaciteit", "reporting:capacity", Action.VIEW_MANAGEMENT_INFO),
    NavItem("Dossier openen", "cases:open", Action.VIEW_CLIENT_DATA),
    NavItem("Personen", "people:person_search", Action.VIEW_CLIENT_DATA),
    NavItem("Nieuwe melding", "reports:new", Action.REGISTER_CONTACT),
    NavItem("Nieuw advies", "advice:new", Action.REGISTER_CONTACT),
    NavItem("Huisverboden", "regional:house_bans", Action.LEAD_TEAM),
    NavItem("Voorlichtingen", "regional:sessions", Action.INFORMATION_SESSIONS),
    NavItem("Toegangslog", "audit:index", Action.REVIEW_ACCESS_LOG),
    NavItem("Bewaren en vernietigen", "retention:list", Action.MANAGE_RETENTION),
    NavItem("Beheer", "admin:index", Action.MANAGE_REFERENCE_DATA),
    NavItem("Over Zicht", "shell:about"),
]


def items_for(user: object) -> list[NavItem]:
    return [
        item
        for item in NAVIGATION
        if item.action is None
        or can(user, item.action)
        or (item.also is not None and can(user, item.also))
    ]
