"""What each kind of timeline event is called on the case page (issue 16.7): the filter shows
these names, never the code. A service that adds a kind adds its name here; a test keeps every
kind the code writes named."""

LABELS: dict[str, str] = {
    "advice_linked": "Advies gekoppeld",
    "assessment_confirmed": "Beoordeling bevestigd",
    "assessment_returned": "Beoordeling teruggegeven",
    "assessment_saved": "Beoordeling opgeslagen",
    "assessment_submitted": "Beoordeling ter bevestiging aangeboden",
    "assigned": "Toewijzing",
    "case_opened": "Dossier geopend",
    "contact_skipped": "Reden niet gesproken vastgelegd",
    "conversation_recorded": "Gesprek vastgelegd",
    "crisis_action": "Crisisinterventie",
    "crisis_needed": "Crisisinterventie nodig",
    "deadline_lapsed": "Termijn vervallen",
    "deadline_met": "Termijn gehaald",
    "deadline_moved": "Termijn verschoven",
    "deadline_started": "Termijn gestart",
    "dispute_opened": "Geschil geopend",
    "dispute_resolved": "Geschil opgelost",
    "dispute_step": "Stap in een geschil",
    "emergency_access": "Noodtoegang",
    "handover_accepted": "Overdracht opgepakt",
    "handover_handed_back": "Overdracht teruggelegd",
    "handover_link": "Overdrachtslink",
    "handover_sent": "Overdracht verstuurd",
    "handover_waiting_list": "Overdracht op de wachtlijst",
    "household_informed": "Huishouden geïnformeerd",
    "household_letters_redone": "Brieven aan het huishouden opnieuw gemaakt",
    "letter_queued": "Brief klaargezet",
    "letter_sent": "Brief verzonden",
    "letter_withdrawn": "Brief ingetrokken",
    "monitoring_check": "Monitoringscontrole",
    "monitoring_ended": "Monitoren beëindigd",
    "monitoring_moment": "Monitoringsmoment afgesproken",
    "monitoring_started": "Monitoren gestart",
    "municipality_informed": "Gemeente geïnformeerd",
    "municipality_not_informed": "Gemeente niet geïnformeerd",
    "municipality_set": "Gemeente vastgelegd",
    "phase_changed": "Fase gewijzigd",
    "report_received": "Melding ontvangen",
    "reporter_contacted": "Contact met de melder",
    "reporter_updated": "Terugkoppeling aan de melder",
    "responsibility": "Verantwoordelijkheid",
    "safety_plan_version": "Veiligheidsplan vastgelegd",
    "screening_acute": "Acuut bij screening",
    "vt_initiated_report": "Ambtshalve melding",
}


def label(kind: str) -> str:
    """The Dutch name of a kind; an unnamed one reads as a sentence, not as a code."""
    return LABELS.get(kind) or kind.replace("_", " ").capitalize()
