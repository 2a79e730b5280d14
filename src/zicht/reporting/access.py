"""Who may see reporting: whoever may see management information (team leader, process coach,
policy/control). Everything here is figures; policy/control never sees client data (DOMAIN §3)."""

from zicht.accounts.policy import Action, require


def require_reporting(user: object) -> None:
    require(user, Action.VIEW_MANAGEMENT_INFO)
