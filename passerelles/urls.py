from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap as sitemap_view
from wagtail.documents import urls as wagtaildocs_urls

from passerelles.core import views as core_views
from passerelles.core.links import absolute_url_lazy

# The Django admin signs in through allauth, so its rate limits and 2FA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Passerelles Culture"
admin.site.site_title = "Passerelles Culture"

# A database that refuses answers 503, not 500, wherever the error was raised.
handler500 = core_views.server_error

urlpatterns = [
    path("sante/", core_views.health, name="health"),
    # Live updates (passerelles/core/live/): the event stream and the header's counters.
    path("direct/", include("passerelles.core.live.urls")),
    path("admin/", admin.site.urls),
    # Wagtail's own sign-in and password reset forms would skip allauth's rate limits and the
    # second factor: both lead to allauth's pages, with the address to come back to.
    path("cms/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path(
        "cms/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=True),
    ),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            extra_context={"sitemap_url": absolute_url_lazy("/sitemap.xml")},
        ),
    ),
    path("sitemap.xml", sitemap_view),
]

urlpatterns += i18n_patterns(
    path("contact/", core_views.contact, name="contact"),
    path("comptes/", include("communaute.urls.accounts")),
    path("comptes/", include("allauth.urls")),
    path("communaute/", include("communaute.urls.community")),
    path("ressources/", include("ressources.urls")),
    path("recherche/", include("passerelles.search.urls")),
    # Wagtail serves every other address: keep it last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# The development server serves uploads itself, public ones only: whatever the address's tricks,
# nothing under media/prive/ (core_views.development_media decides on the normalized path).
media_urlpatterns = [re_path(r"^media/(?P<path>.*)$", core_views.development_media)]

if settings.DEBUG:
    urlpatterns = [*media_urlpatterns, *urlpatterns]
