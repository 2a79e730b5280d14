"""TOTP helpers around django-otp: enrolment of a staff member's authenticator app."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator-app"


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows right now (demo accounts and tests only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, for scanning with an authenticator app."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def base32_secret(device: TOTPDevice) -> str:
    """The secret in the form authenticator apps accept when typed in, grouped by four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
