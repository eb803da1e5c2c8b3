"""Link cards for posts: read after the post is committed, by a background task.

A post never waits on, nor fails because of, a page on another site: the card appears once the
task has read the page, and a page that cannot be read simply gives no card.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from communaute.models import LinkPreview
from passerelles.core import unfurl
from passerelles.core.images import bounded_webp, validate_image

logger = logging.getLogger(__name__)

REFRESH_AFTER = timedelta(days=7)
RETRY_FAILED_AFTER = timedelta(days=1)
IMAGE_MAX_SIDE = 600
HTML_TYPES = {"text/html", "application/xhtml+xml"}


def queue_previews(urls: Iterable[str]) -> None:
    """Ask for the cards of a post's first links, once the post is committed."""
    if not settings.LINK_PREVIEWS_ENABLED:
        return
    urls = list(urls)[: LinkPreview.PER_POST]
    if urls:
        # robust: whatever happens to the queue, the request that saved the post succeeds.
        transaction.on_commit(lambda: _enqueue_stale(urls), robust=True)


def stale(urls: Iterable[str]) -> list[str]:
    """The addresses without a card recent enough (failures are retried sooner)."""
    now = timezone.now()
    fresh = set(
        LinkPreview.objects.filter(url__in=urls)
        .filter(
            Q(status=LinkPreview.Status.OK, fetched_at__gte=now - REFRESH_AFTER)
            | Q(status=LinkPreview.Status.FAILED, fetched_at__gte=now - RETRY_FAILED_AFTER)
        )
        .values_list("url", flat=True)
    )
    return [url for url in urls if url not in fresh]


def _enqueue_stale(urls: Iterable[str]) -> None:
    for url in stale(urls):
        fetch_preview.enqueue(url)


@task()
def fetch_preview(url: str) -> None:
    refresh_preview(url)


def refresh_preview(url: str) -> LinkPreview:
    """Read the page now and keep its card (or the failure); returns the LinkPreview."""
    try:
        page = unfurl.fetch(
            url,
            accept="text/html,application/xhtml+xml",
            max_bytes=settings.LINK_PREVIEW_MAX_BYTES,
            timeout=settings.LINK_PREVIEW_TIMEOUT,
        )
        if page.content_type not in HTML_TYPES:
            raise unfurl.UnfurlError(f"not a web page ({page.content_type})")
    except unfurl.UnfurlError as exc:
        logger.info("No card for %s: %s", url, exc)
        return _store(url, status=LinkPreview.Status.FAILED)
    card = unfurl.parse_card(page)
    image = _read_image(card.image_url) if card.image_url else None
    return _store(
        url,
        status=LinkPreview.Status.OK,
        title=card.title,
        description=card.description,
        site_name=card.site_name,
        image=image,
    )


def _read_image(url: str) -> ContentFile | None:
    """The card's picture, fetched with the same guards, checked and re-encoded here.

    Kept on this site: showing it from the other site would tell that site who reads the post.
    """
    try:
        fetched = unfurl.fetch(
            url,
            accept="image/*",
            max_bytes=settings.LINK_PREVIEW_IMAGE_MAX_BYTES,
            timeout=settings.LINK_PREVIEW_TIMEOUT,
        )
        if fetched.truncated:
            return None
        upload = ContentFile(fetched.body)
        validate_image(upload, max_bytes=settings.LINK_PREVIEW_IMAGE_MAX_BYTES)
        return bounded_webp(upload, IMAGE_MAX_SIDE)
    except (unfurl.UnfurlError, ValidationError, OSError, ValueError) as exc:
        logger.info("No picture for the card at %s: %s", url, exc)
        return None


@transaction.atomic
def _store(
    url: str,
    *,
    status: str,
    title: str = "",
    description: str = "",
    site_name: str = "",
    image: ContentFile | None = None,
) -> LinkPreview:
    preview = LinkPreview.objects.select_for_update().filter(url=url).first() or LinkPreview(
        url=url
    )
    old_image = preview.image.name if preview.image else ""
    preview.status = status
    preview.title = title
    preview.description = description
    preview.site_name = site_name
    preview.fetched_at = timezone.now()
    preview.image = ""
    if image is not None:
        preview.image.save(image.name, image, save=False)
    preview.save()
    if old_image:
        storage = LinkPreview._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(old_image))
    return preview
