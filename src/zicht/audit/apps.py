from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zicht.audit"
    label = "audit"
    verbose_name = "Toegangslog"
