from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from communaute.permissions.viewer import viewer_for
from passerelles.core.forms import SiteForm
from passerelles.core.vocabularies import MemberRegion
from passerelles.pages.permissions import works_for_own_organizations_only
from ressources.permissions.organizations import represented_organization_ids

NO_ORGANIZATION = _(
    "Vous ne représentez aucune organisation partenaire : l'équipe du portail doit d'abord "
    "vous rattacher à la vôtre avant que vous puissiez publier."
)


class ArticlePageForm(WagtailAdminPageForm):
    """The article editor: a partner writes only in the name of their own organizations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        viewer = viewer_for(self.for_user)
        if works_for_own_organizations_only(viewer):
            self._limit_choices_to_own_organizations(represented_organization_ids(viewer))

    def _limit_choices_to_own_organizations(self, organization_ids):
        organization = self.fields["organization"]
        organization.queryset = organization.queryset.filter(pk__in=organization_ids)
        if not organization_ids:
            organization.help_text = NO_ORGANIZATION
            organization.error_messages = {
                **organization.error_messages,
                "required": NO_ORGANIZATION,
                "invalid_choice": NO_ORGANIZATION,
            }
        elif len(organization_ids) == 1:
            organization.empty_label = None
            if self.instance.organization_id is None:
                self.initial["organization"] = next(iter(organization_ids))

        # The other choice lists would show every member's name and other partners' drafts;
        # what an editor already chose stays choosable, so saving never drops it.
        authors = self.fields["authors"]
        authors.queryset = authors.queryset.filter(
            Q(representations__organization_id__in=organization_ids)
            | Q(pk__in=[author.pk for author in self.instance.authors.all()])
        ).distinct()
        related = self.fields["related_articles"]
        related.queryset = related.queryset.filter(
            Q(live=True)
            | Q(organization_id__in=organization_ids)
            | Q(pk__in=[article.pk for article in self.instance.related_articles.all()])
        )


class InitiativeSuggestionForm(SiteForm):
    title = forms.CharField(label=_("Nom de l'initiative"), max_length=200)
    organization_name = forms.CharField(label=_("Qui la porte"), max_length=200)
    link = forms.URLField(label=_("Lien"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("En quoi elle consiste"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qu'elle offre, à qui, et pourquoi elle peut servir à d'autres."),
    )
    region = forms.ChoiceField(
        label=_("Région"), choices=[("", _("Non précisée")), *MemberRegion.choices], required=False
    )
