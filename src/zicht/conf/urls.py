from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Zicht — beheer"
admin.site.site_title = "Zicht beheer"
admin.site.index_title = "Referentiegegevens en medewerkers"

urlpatterns = [
    # The admin has no login of its own: everyone logs in with password and TOTP code first.
    path("beheer/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("zicht.conf.api_urls")),
    path("", include("zicht.accounts.urls")),
    path("", include("zicht.shell.urls")),
    path("", include("zicht.cases.urls")),
    path("", include("zicht.audit.urls")),
    path("", include("zicht.people.urls")),
    path("", include("zicht.reports.urls")),
    path("", include("zicht.advice.urls")),
    path("", include("zicht.advice.public_urls")),
    path("", include("zicht.letters.urls")),
    path("", include("zicht.assessment.urls")),
    path("", include("zicht.informing.urls")),
    path("", include("zicht.radar.urls")),
    path("", include("zicht.handover.urls")),
    path("", include("zicht.monitoring.urls")),
    path("", include("zicht.investigation.urls")),
    path("", include("zicht.screening.urls")),
    path("", include("zicht.retention.urls")),
    path("", include("zicht.reporting.urls")),
    path("", include("zicht.regional.urls")),
    path("", include("zicht.involvement.urls")),
    path("", include("zicht.conditions.urls")),
]

handler404 = "zicht.core.refusals.page_not_found"
handler403 = "zicht.core.refusals.permission_denied"
handler500 = "zicht.core.unavailable.server_error"
