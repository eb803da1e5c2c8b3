"""Fictional demo members, one per role (development only: their password is public)."""

import io
import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group
from PIL import Image, ImageDraw

from communaute.models import Member
from communaute.permissions.two_factor import has_two_factor, must_use_two_factor
from passerelles.core.images import square_webp
from passerelles.core.models import Discipline
from passerelles.demo.loader import load


def seed_members(stdout=None, members=None):
    """Create the demo members missing: those of data/members.toml, or the fictional people
    another demo module passes in the same shape."""
    data = load("members")
    created = 0
    for spec in data["members"] if members is None else members:
        spec = dict(spec)
        group_names = spec.pop("roles", [])
        discipline_codes = spec.pop("disciplines", [])
        email = spec.pop("email")
        logo = spec.pop("logo", None)
        member = Member.objects.filter(email=email).first()
        if member is not None:
            continue
        member = Member.objects.create_user(email=email, password=data["password"], **spec)
        EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
        member.groups.add(*Group.objects.filter(name__in=group_names))
        member.disciplines.set(Discipline.objects.filter(code__in=discipline_codes))
        if logo:
            picture = square_webp(_logo(*logo), settings.AVATAR_SIZE)
            member.avatar.save(picture.name, picture)
        if must_use_two_factor(member) and not has_two_factor(member):
            # The role pages demand a second factor; the demo's is public (see members.toml).
            TOTP.activate(member, data["totp_secret"])
        created += 1
    if stdout:
        stdout.write(f"  members: {created} created")
        stdout.write(
            "  accounts with a role sign in with a second factor: `make demo-code` prints it"
        )


def _logo(background: str, mark: str) -> io.BytesIO:
    """A simple picture (a sun over a bridge) in the two colours, as a PNG file."""
    side = 200
    image = Image.new("RGB", (side, side), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 24, 176, 80), fill=mark)
    draw.arc((10, 100, 190, 250), start=180, end=360, fill=mark, width=10)
    draw.rectangle((0, 140, side, 150), fill=mark)
    for x in (50, 100, 150):
        draw.rectangle((x - 4, 110, x + 4, 140), fill=mark)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output


def demo_totp_code() -> str:
    """The current code of the demo accounts' shared, public TOTP secret."""
    return format_hotp_value(hotp_value(load("members")["totp_secret"], int(time.time()) // 30))
