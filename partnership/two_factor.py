"""Two-factor sign-in with a time-based code (TOTP) from an authenticator app.

Administrators and heads of service must use it (they can change many councils'
figures); anyone else may turn it on. Once a person has a confirmed device, every
sign-in asks for a code.
"""

from base64 import b32encode, b64encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from mkip.security_log import client_address, log
from partnership.models import Role

ENROLLED = "two_factor_enrolled"
ROLES_THAT_MUST_USE_TWO_FACTOR = frozenset(
    {Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE, Role.PARTNERSHIP_ADMIN, Role.COUNCIL_ADMIN}
)
WRONG_CODE = "That code is not right. Enter the 6-digit code your authenticator app shows now."


@receiver(user_logged_in)
def _remember_enrolment(sender, request, user, **kwargs):
    # Read once at sign-in, so later requests need no query to know a code is owed.
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED] = user_has_device(user)


def must_use_two_factor(user) -> bool:
    if not settings.REQUIRE_TWO_FACTOR:
        return False
    return user.is_superuser or user.role in ROLES_THAT_MUST_USE_TWO_FACTOR


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "class": "govuk-input govuk-input--width-5"}
        ),
        error_messages={"required": "Enter the 6-digit code", "min_length": "The code has 6 digits"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("The code has only digits, like 123456")
        return code


def _safe_next(request) -> str:
    """Back to the page asked for, but only on this site: ``next`` comes from the address bar."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def verify(request):
    """Second step of sign-in for anyone with a confirmed device."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices_for_user(request.user):
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                log.info("two-factor user=%s address=%s", request.user.get_username(), client_address(request))
                return redirect(_safe_next(request))
        log.warning("two-factor-failed user=%s address=%s", request.user.get_username(), client_address(request))
        form.add_error("code", WRONG_CODE)
    return render(request, "registration/two_factor_verify.html", {"form": form})


def setup(request):
    """Add an authenticator app: show its QR code, confirm it with a first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[ENROLLED] = True
            otp_login(request, device)
            log.info("two-factor-enabled user=%s", request.user.get_username())
            messages.success(request, "Two-factor sign-in is on. You will need a code each time you sign in.")
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("code", WRONG_CODE)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    qr_data_uri = "data:image/svg+xml;base64," + b64encode(image.to_string()).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": qr_data_uri,
            "secret": b32encode(device.bin_key).decode(),
            "required": must_use_two_factor(request.user),
        },
    )


class TwoFactorMiddleware:
    """Sends a signed-in person who still owes a code to the code page, and nowhere else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            allowed = {reverse("two-factor-verify"), reverse("two-factor-setup"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                if request.session.get(ENROLLED):
                    return redirect(f"{reverse('two-factor-verify')}?next={request.path}")
                if must_use_two_factor(user):
                    return redirect("two-factor-setup")
        return self.get_response(request)
