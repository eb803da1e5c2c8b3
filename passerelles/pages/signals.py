from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import post_page_move

from passerelles.pages.context_processors import forget_footer_links
from passerelles.pages.models import FooterLinks

FOOTER_SOURCES = (Page, Site, FooterLinks)


def sync_site_address(sender, using="default", **kwargs):
    """After each migrate, the site records follow SITE_URL, the one public address setting.

    Wagtail builds the absolute links of feeds and the sitemap from its Site row, and allauth
    signs its emails with Django's Site: both must name the address people actually use.
    """
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site

    address = urlsplit(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    # The site's name titles the Wagtail admin, which would otherwise show the host name.
    Site.objects.using(using).filter(is_default_site=True).update(
        hostname=address.hostname, port=port, site_name=settings.WAGTAIL_SITE_NAME
    )
    domain = address.netloc
    DjangoSite.objects.using(using).filter(pk=settings.SITE_ID).update(domain=domain)


@receiver([post_save, post_delete], dispatch_uid="footer_links_sources")
def footer_source_changed(sender, instance, raw=False, **kwargs):
    # A title, a slug, a page published or withdrawn, another page chosen: any save of a page
    # may change the footer's links, and pages change seldom.
    if not raw and isinstance(instance, FOOTER_SOURCES):
        forget_footer_links()


post_page_move.connect(forget_footer_links, dispatch_uid="footer_links_page_moved")
