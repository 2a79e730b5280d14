from django.apps import AppConfig


class InvestigationConfig(AppConfig):
    name = "zicht.investigation"
    label = "investigation"
    verbose_name = "Onderzoek"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.handover.warm import register_warm_check
        from zicht.investigation import services
        from zicht.investigation.panel import PANEL
        from zicht.involvement.models import Service
        from zicht.involvement.services import register_conversation_rules

        register(PANEL)
        # R-OND-3 and R-OND-2 on every investigation conversation, wherever it is recorded.
        register_conversation_rules(
            Service.INVESTIGATION,
            check=services.conversation_age_problems,
            recorded=services.conversation_recorded,
        )
        # R-OND-4: a warm handover after an investigation follows its confirmed conclusion.
        register_warm_check("investigation_confirmed", services.confirmed_before_warm_handover)
