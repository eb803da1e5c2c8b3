import pytest
from django.core.management import call_command
from django.db.models import Count

from communaute.permissions import roles
from ressources.models import (
    AccessRequest,
    Need,
    NeedSupport,
    Organization,
    Representative,
    Service,
    ServiceFeedback,
)
from ressources.selectors import portrait

pytestmark = pytest.mark.django_db


def resource_counts():
    return (
        Organization.objects.count(),
        Service.objects.count(),
        AccessRequest.objects.count(),
        Representative.objects.count(),
    )


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = resource_counts()
    call_command("seed_demo")
    return counts


def test_seed_demo_twice_creates_the_resources_only_once(seeded):
    assert resource_counts() == seeded
    # The seven partner organizations, and the seven public funders of the funding calls.
    assert seeded[0] == 14


def test_seed_demo_publishes_services_in_most_categories(seeded):
    published = Service.objects.published()
    assert published.count() >= 12
    assert published.values("category").distinct().count() >= 8
    assert Service.objects.filter(status=Service.Status.DRAFT).exists()
    assert Service.objects.filter(status=Service.Status.ARCHIVED).exists()
    assert published.filter(description__icontains="équipements").exists()
    assert published.filter(title__icontains="comptabilité").exists()


def test_seed_demo_services_show_their_rendered_description(seeded):
    service = Service.objects.published().first()
    assert "<ul>" in service.description_html
    assert service.regions.exists()
    assert service.organizations.exists()


def test_the_aaapnb_representative_is_in_the_partner_group(seeded):
    representative = Representative.objects.get(organization__slug="aaapnb")
    assert representative.member.email == "partenaire@passerelles.test"
    assert representative.role == Representative.Role.MANAGER
    assert representative.shown_on_page
    assert representative.member.groups.filter(name=roles.PARTNER).exists()


def test_seed_demo_leaves_one_access_request_in_each_status(seeded):
    # The demo needs add accepted requests of their own, each with its satisfaction answer.
    by_status = dict(
        AccessRequest.objects.filter(feedback__isnull=True)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    assert by_status == dict.fromkeys(AccessRequest.Status.values, 1)
    withdrawn = AccessRequest.objects.get(status=AccessRequest.Status.WITHDRAWN)
    assert withdrawn.events.last().actor == withdrawn.member


def need_counts():
    return (Need.objects.count(), NeedSupport.objects.count(), ServiceFeedback.objects.count())


def test_seed_demo_declares_needs_across_the_country_once(seeded):
    needs, supports, answers = need_counts()
    call_command("seed_demo")
    assert need_counts() == (needs, supports, answers)
    assert needs >= 10 and supports >= 3 * needs
    assert Need.objects.values("province").distinct().count() >= 10
    assert Need.objects.filter(status=Need.Status.MET).count() == 2
    built = portrait.build()
    assert [group["shown"] for group in built.satisfaction] == [True, True]
    assert sum(row["declared"] for row in built.months) == needs


def test_the_demo_request_in_discussion_has_the_members_answer_with_a_pdf(seeded):
    from ressources.models import AccessRequestEvent

    access_request = AccessRequest.objects.get(status=AccessRequest.Status.IN_DISCUSSION)
    asked, answered = access_request.events.order_by("pk")[1:3]
    assert asked.by_organization and "assurance" in asked.message
    assert answered.kind == AccessRequestEvent.Kind.MESSAGE and not answered.by_organization
    attachment = answered.attachments.get()
    assert (attachment.original_name, attachment.kind, attachment.ready) == (
        "preuve-assurance.pdf",
        "pdf",
        True,
    )


def test_seed_demo_adds_a_dozen_funding_calls_with_partner_searches_once(seeded):
    from ressources.models import FundingCall, FundingFollow, PartnerSearch

    assert FundingCall.objects.count() == 12
    assert FundingCall.objects.filter(status=FundingCall.Status.ARCHIVED).count() == 1
    assert PartnerSearch.objects.count() == 3
    assert FundingFollow.objects.count() == 3
