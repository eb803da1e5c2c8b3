from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passerelles.demo.members import demo_totp_code


class Command(BaseCommand):
    help = (
        "Prints the current two-factor code of the demo accounts with a role (admin, Rédaction, "
        "Partenaire, Animation): their TOTP secret is public, like their password."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo accounts exist only in development (DEBUG on).")
        self.stdout.write(demo_totp_code())
