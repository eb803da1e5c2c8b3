from django.apps import AppConfig


class PasserellesConfig(AppConfig):
    """The project package itself, for its management commands (seed_demo)."""

    name = "passerelles"
    verbose_name = "Passerelles Culture"
