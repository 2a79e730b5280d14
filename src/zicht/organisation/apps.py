from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "zicht.organisation"
    label = "organisation"
    verbose_name = "Organisatie en ketenpartners"
