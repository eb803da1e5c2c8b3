import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group

from communaute.models import Member
from communaute.permissions.two_factor import must_use_two_factor

PASSWORD = "un-mot-de-passe-solide"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member as signup leaves them: verified email, in the Membre group (via the signal).

    A member whose role requires two-factor authentication (staff, superusers, Partenaire,
    Animation, Rédaction) gets a TOTP authenticator, as the site demands before their first
    privileged page; `member.totp_code()` gives the current code. `two_factor=False` leaves
    them without one, to test the setup they are then asked for."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@exemple.test")
    display_name = factory.Sequence(lambda n: f"Membre {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        roles = kwargs.pop("roles", [])
        two_factor = kwargs.pop("two_factor", None)
        member = model_class.objects.create_user(*args, password=PASSWORD, **kwargs)
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        if roles:
            member.groups.add(*Group.objects.filter(name__in=roles))
        if two_factor or (two_factor is None and must_use_two_factor(member)):
            member.totp_code = activate_totp(member)
        # must_use_two_factor filled the permission caches: a test may change groups after.
        for cached in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            member.__dict__.pop(cached, None)
        return member


def activate_totp(member):
    """Give the member a TOTP authenticator (replacing theirs, if any); returns a function that
    gives the current code."""
    Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(member, secret)

    def current_code():
        return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    return current_code


def current_totp_code(member):
    """The current code of the member's TOTP authenticator, read from the database (what their
    phone would show): for browser tests that sign in by email and password."""
    authenticator = Authenticator.objects.get(user=member, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
