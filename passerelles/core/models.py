from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.core.vocabularies import DisciplineChoice, ServiceRegion


class VocabularyRow(models.Model):
    """A row per code of a shared vocabulary, so that several apps can share an indexed M2M.

    The rows are created by migrations; the label always comes from the translated vocabulary.
    """

    code = models.CharField(_("code"), max_length=32, primary_key=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    vocabulary = None  # the TextChoices the codes come from

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        try:
            return self.vocabulary(self.code).label
        except ValueError:
            return self.code


class Discipline(VocabularyRow):
    vocabulary = DisciplineChoice

    class Meta(VocabularyRow.Meta):
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")


class Region(VocabularyRow):
    """A province or territory, or "remote" (anywhere): where services are offered."""

    vocabulary = ServiceRegion

    class Meta(VocabularyRow.Meta):
        verbose_name = _("région")
        verbose_name_plural = _("régions")


class CacheFallbackEntry(models.Model):
    """Where the cache lives while Redis does not answer (passerelles/core/cache.py).

    The columns are those Django's DatabaseCache reads and writes: sessions, allauth's rate
    limits and the site's own counters keep working, shared by every server, during an outage.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_cache_fallback"
        verbose_name = _("entrée du cache de secours")
        verbose_name_plural = _("entrées du cache de secours")

    def __str__(self):
        return self.cache_key


class ScheduledJob(models.Model):
    """The state of one job of the scheduler (passerelles/core/scheduler.py), one row per job.

    The jobs themselves are declared in code; this row says when each ran, how it went and
    when it runs next, for the admin, and its lock is what lets two schedulers run at once.
    """

    class Status(models.TextChoices):
        NEVER = "", _("jamais lancée")
        RUNNING = "running", _("en cours")
        SUCCEEDED = "succeeded", _("réussie")
        FAILED = "failed", _("échouée")

    name = models.CharField(_("nom"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    schedule = models.CharField(_("horaire"), max_length=100, blank=True)
    next_run_at = models.DateTimeField(_("prochain lancement"))
    last_started_at = models.DateTimeField(_("dernier lancement"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("dernière fin"), null=True, blank=True)
    last_status = models.CharField(
        _("dernier état"), max_length=10, choices=Status.choices, blank=True, default=""
    )
    last_result = models.TextField(_("dernier résultat"), blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("échecs consécutifs"), default=0)

    class Meta:
        verbose_name = _("tâche planifiée")
        verbose_name_plural = _("tâches planifiées")
        ordering = ["name"]

    def __str__(self):
        return self.name
