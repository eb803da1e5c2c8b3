from django.core.management.base import BaseCommand, CommandError

from passerelles.core.plurals import catalog_path, french_catalog_text, missing_french_plurals


class Command(BaseCommand):
    help = (
        "Writes the French catalog's entries for our plural strings (singular for 0 and 1), "
        "from the English catalog. With --check, only says which are missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if an entry is missing.")

    def handle(self, *args, check=False, **options):
        if check:
            missing = missing_french_plurals()
            if missing:
                raise CommandError(
                    "The French catalog misses these plural strings (run `manage.py "
                    "french_plurals`, then `make` compiles it): " + "; ".join(missing)
                )
            self.stdout.write("Every plural string has its French entry.")
            return
        catalog_path("fr").write_text(french_catalog_text(), encoding="utf-8")
        self.stdout.write(f"Written: {catalog_path('fr')}")
