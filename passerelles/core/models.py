from django.db import models
from django.utils.translation import gettext_lazy as _

from .vocabularies import DisciplineChoice


class Discipline(models.Model):
    """One row per artistic discipline, so members, services and needs can share an indexed M2M.

    The rows are created by a migration from `DisciplineChoice`; the label is always the
    translated one from the vocabulary, never stored.
    """

    code = models.CharField(_("code"), max_length=32, primary_key=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        try:
            return DisciplineChoice(self.code).label
        except ValueError:
            return self.code
