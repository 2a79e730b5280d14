from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts import selectors, services, throttle
from zicht.accounts.backends import lockout_username
from zicht.accounts.forms import EmailLoginForm, OwnPasswordForm, TokenForm
from zicht.accounts.totp import base32_secret, qr_svg


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        username = lockout_username(self.request)
        if self.request.method == "POST" and username:
            address = throttle.client_address(self.request)
            kwargs["wait_seconds"] = throttle.seconds_to_wait(username=username, address=address)
        return kwargs

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 429 if form.has_error(NON_FIELD_ERRORS, "throttled") else 400
        return response


@method_decorator(login_required, name="dispatch")
class TwoFactorView(View):
    """Step 2 of logging in; enrols an authenticator app on the very first login."""

    template_name = "accounts/two_factor.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_verified():  # type: ignore[union-attr]
            return HttpResponseRedirect(self._next_url(request))
        return self._render(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        device = self._device(request)
        if form.is_valid():
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait = _seconds_until((info or {}).get("locked_until"))
                form.add_error(
                    "token",
                    f"Te veel onjuiste codes achter elkaar. Wacht {wait} seconden en "
                    "probeer het dan opnieuw met een nieuwe code.",
                )
            elif device.verify_token(form.cleaned_data["token"]):
                if not device.confirmed:
                    services.totp_device_confirm(device=device)
                otp_login(request, device)
                return HttpResponseRedirect(self._next_url(request))
            else:
                form.add_error(
                    "token",
                    "Deze code is onjuist of verlopen. Vul de code in die de app nu toont.",
                )
        return self._render(request, form, status=400)

    def _device(self, request: HttpRequest) -> TOTPDevice:
        user = request.user
        device = selectors.confirmed_totp_device(user=user)  # type: ignore[arg-type]
        return device or services.totp_device_for_enrolment(user=user)  # type: ignore[arg-type]

    def _render(self, request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
        device = self._device(request)
        context: dict[str, Any] = {"form": form, "enrolling": not device.confirmed}
        if not device.confirmed:
            context |= {"qr_svg": qr_svg(device), "secret": base32_secret(device)}
        context["next"] = self._next_url(request)
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def _next_url(request: HttpRequest) -> str:
        target = request.POST.get("next") or request.GET.get("next") or "/"
        if url_has_allowed_host_and_scheme(target, {request.get_host()}):
            return target
        return "/"


def _seconds_until(locked_until: Any) -> int:
    from django.utils import timezone

    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link of a new account or a reset (`account_changes.send_set_password_link`):
    the person sets their own password; the next login enrols a new authenticator app."""

    template_name = "accounts/set_password.html"
    form_class = OwnPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Uw wachtwoord is ingesteld. Log nu in; daarna koppelt u uw authenticator-app.",
        )
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "U bent uitgelogd.")
        return response
