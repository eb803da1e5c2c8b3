"""Demo editorial content: the home page text, the four fixed pages, publications, initiatives."""

from wagtail.models import Site
from wagtail.rich_text import RichText

from passerelles.demo.loader import load
from passerelles.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    FooterLinks,
    HomePage,
    InitiativeIndexPage,
    InitiativePage,
    StandardPage,
)
from ressources.models import Organization


def _fixed_page_body(sections):
    body = []
    for section in sections:
        body.append(("heading", {"text": section["heading"], "level": "h2"}))
        body.extend(("paragraph", RichText(f"<p>{text}</p>")) for text in section["paragraphs"])
    return body


def _article_block(block):
    # A paragraph's value is the HTML of Wagtail's rich text; the other blocks take theirs as is.
    if block["type"] == "paragraph":
        return ("paragraph", RichText(block["value"]))
    return (block["type"], block["value"])


def seed_pages(stdout=None):
    data = load("pages")
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if isinstance(home, HomePage) and not home.introduction:
        home.introduction = data["home"]["introduction"]
        home.save_revision().publish()

    links = FooterLinks.for_site(site)
    created = 0
    for spec in data["fixed_pages"]:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                introduction=spec["introduction"],
                body=_fixed_page_body(spec["sections"]),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        if getattr(links, f"{spec['footer_link']}_id") is None:
            setattr(links, spec["footer_link"], page)
    links.save()
    if stdout:
        stdout.write(f"  fixed pages: {created} created")


def seed_articles(stdout=None):
    data = load("pages")
    index_page = ArticleIndexPage.objects.first()
    created = 0
    if index_page is not None:
        organizations = {
            organization.slug: organization for organization in Organization.objects.all()
        }
        for spec in data["articles"]:
            organization = organizations.get(spec["organization"])
            if organization is None or ArticlePage.objects.filter(slug=spec["slug"]).exists():
                continue
            article = ArticlePage(
                title=spec["title"],
                slug=spec["slug"],
                kind=spec["kind"],
                date=spec["date"],
                introduction=spec["introduction"],
                organization=organization,
                body=[_article_block(block) for block in spec["body"]],
            )
            index_page.add_child(instance=article)
            article.tags.add(*spec["tags"])
            article.save_revision().publish()
            created += 1
    watch = InitiativeIndexPage.objects.first()
    if watch is not None:
        for spec in data["initiatives"]:
            if InitiativePage.objects.filter(title=spec["title"]).exists():
                continue
            initiative = InitiativePage(**spec)
            watch.add_child(instance=initiative)
            initiative.save_revision().publish()
    if stdout:
        stdout.write(f"  publications: {created} created")
