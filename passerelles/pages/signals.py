from urllib.parse import urlsplit

from django.conf import settings


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
