from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from communaute.models import Member
from communaute.notifications.tasks import emails_suppressed
from passerelles.demo.catalogue import seed_resources
from passerelles.demo.drafts import seed_drafts
from passerelles.demo.following import seed_following
from passerelles.demo.forum import seed_forum
from passerelles.demo.funding import seed_funding
from passerelles.demo.gatherings import seed_gatherings
from passerelles.demo.invitations import seed_invitations
from passerelles.demo.members import seed_members
from passerelles.demo.messaging import seed_messaging
from passerelles.demo.moderation import seed_moderation
from passerelles.demo.needs import seed_needs
from passerelles.demo.pages import seed_articles, seed_pages


class Command(BaseCommand):
    help = (
        "Adds the demo content: fictional members in each role, partner organizations with "
        "their services and requests, the needs of the sector, the editorial pages and "
        "publications. "
        "Idempotent: what exists already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has members (used by `make run`).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have a public password.",
        )

    def handle(self, *args, if_empty=False, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts whose password is public: it runs only with DEBUG on "
                "(or with --force, for a demonstration server that nobody relies on)."
            )
        if if_empty and Member.objects.exists():
            self.stdout.write("The database already has members: demo content not added.")
            return
        # The demo's notifications wait in the centre; none is emailed, so that the terminal of
        # `make run` shows the emails that someone trying the site causes.
        with emails_suppressed(), transaction.atomic():
            seed_members(self.stdout)
            seed_forum(self.stdout)
            seed_following(self.stdout)
            seed_messaging(self.stdout)
            seed_drafts(self.stdout)
            seed_invitations(self.stdout)
            seed_moderation(self.stdout)
            seed_resources(self.stdout)
            seed_needs(self.stdout)
            seed_funding(self.stdout)
            seed_gatherings(self.stdout)
            seed_pages(self.stdout)
            seed_articles(self.stdout)
        # Wagtail indexes a saved page in a background task: the demo's pages are found by
        # /recherche/ at once, before the worker runs (or where none runs).
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
