"""What members say they can help with ("peut aider sur"), as tags the directory filters on."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItemBase

from communaute.models.members import Member


class MemberSkill(TaggedItemBase):
    content_object = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="skill_items")

    class Meta:
        verbose_name = _("compétence offerte")
        verbose_name_plural = _("compétences offertes")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="one_skill_per_member")
        ]
