from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "pages/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Source"), required=False, max_length=150)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "pages/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte de remplacement"),
        max_length=250,
        help_text=_("Ce que l'image montre, pour les personnes qui ne la voient pas."),
    )
    caption = blocks.CharBlock(label=_("Légende"), max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "pages/blocks/figure.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Libellé du lien"),
        required=False,
        help_text=_("Par défaut : le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "pages/blocks/document.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Texte"), max_length=300)
    button_label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page du portail"), required=False)
    url = blocks.URLBlock(label=_("Ou adresse web"), required=False)

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "pages/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                {
                    "url": ValidationError(
                        _("Choisissez une page du portail ou donnez une adresse web.")
                    )
                }
            )
        return value


class LinkCardBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Adresse web"))
    title = blocks.CharBlock(label=_("Titre"), max_length=150)
    description = blocks.TextBlock(label=_("Pourquoi ce lien est utile"), max_length=400)
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=100)

    class Meta:
        icon = "link"
        label = _("Lien vers une ressource externe")
        template = "pages/blocks/link_card.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"), features=RICH_TEXT_FEATURES, template="pages/blocks/paragraph.html"
    )


class ArticleBodyBlock(BodyBlock):
    quote = QuoteBlock()
    image = FigureBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    link_card = LinkCardBlock()
