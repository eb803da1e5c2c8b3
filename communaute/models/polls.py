"""Polls in topics: a question, its options and each member's votes.

Counts are never stored: one aggregate query reads them for the topic page
(communaute/selectors/polls.py), so a deleted account or a changed vote leaves nothing to
correct. A vote is one row per member and chosen option; the unique constraint makes a form
sent twice at once count once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communaute.models.forum import Topic

MIN_OPTIONS = 2
MAX_OPTIONS = 10


class Poll(models.Model):
    class Results(models.TextChoices):
        AFTER_VOTE = "after_vote", _("Après avoir voté")
        AFTER_CLOSE = "after_close", _("Après la clôture")

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=200)
    multiple = models.BooleanField(_("plusieurs réponses possibles"), default=False)
    closes_at = models.DateTimeField(_("clôture le"), null=True, blank=True)
    results = models.CharField(
        _("résultats visibles"),
        max_length=12,
        choices=Results.choices,
        default=Results.AFTER_VOTE,
    )
    # Shared content, like the topic: it stays when its author leaves.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Closed early by the author or the moderators.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sondage")
        verbose_name_plural = _("sondages")

    def __str__(self):
        return self.question

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is not None or (self.closes_at is not None and self.closes_at <= now)


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("réponse"), max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["poll", "position"]
        verbose_name = _("réponse d'un sondage")
        verbose_name_plural = _("réponses des sondages")
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]

    def __str__(self):
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    # The member's own choice: it goes with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["option", "member"], name="one_vote_per_option")
        ]
        indexes = [models.Index(fields=["poll", "member"], name="pollvote_member_idx")]

    def __str__(self):
        return f"{self.member} → {self.option}"
