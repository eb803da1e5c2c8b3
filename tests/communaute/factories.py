import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group

from communaute.models import Member

PASSWORD = "un-mot-de-passe-solide"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member as signup leaves them: verified email, in the Membre group (via the signal)."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@exemple.test")
    display_name = factory.Sequence(lambda n: f"Membre {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        roles = kwargs.pop("roles", [])
        member = model_class.objects.create_user(*args, password=PASSWORD, **kwargs)
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        if roles:
            member.groups.add(*Group.objects.filter(name__in=roles))
        return member


def activate_totp(member):
    """Give the member a TOTP authenticator; returns a function that gives the current code."""
    secret = generate_totp_secret()
    TOTP.activate(member, secret)

    def current_code():
        return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    return current_code
