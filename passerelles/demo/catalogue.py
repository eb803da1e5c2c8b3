"""Demo resources: the partner organizations, their pooled services and a few access requests.

Development only. Organizations are created as an administrator would in Django admin; services,
representatives and requests go through the same services as the site's forms. Idempotent: an
organization or a service whose slug exists is left as it is, and a demo member who already has
access requests gets no new ones.
"""

from communaute.models import Member
from communaute.permissions.viewer import Viewer
from passerelles.core.models import Discipline, Region
from passerelles.core.slugs import french_slugify
from passerelles.demo.documents import demo_documents
from passerelles.demo.loader import load
from ressources.models import AccessRequest, Organization, Representative, Service
from ressources.permissions.access import can_answer_request
from ressources.services.access import (
    change_request_status,
    create_access_request,
    post_request_message,
)
from ressources.services.catalogue import archive_service, create_service, publish_service
from ressources.services.organizations import add_representative, follow_organization


def _service_slug(title):
    # The slug create_service gives a new service; demo titles are short enough to keep it whole.
    return french_slugify(title)


def _seed_organizations(organizations):
    created = 0
    for spec in organizations:
        spec = dict(spec)
        region_codes = spec.pop("regions")
        discipline_codes = spec.pop("disciplines")
        if Organization.objects.filter(slug=spec["slug"]).exists():
            continue
        organization = Organization.objects.create(serves_in_french=True, **spec)
        organization.regions.set(Region.objects.filter(code__in=region_codes))
        organization.disciplines.set(Discipline.objects.filter(code__in=discipline_codes))
        created += 1
    return created


def _seed_representatives(representatives, members):
    for spec in representatives:
        member = members.get(spec["email"])
        organization = Organization.objects.filter(slug=spec["organization"]).first()
        if member is None or organization is None:
            continue
        if Representative.objects.filter(organization=organization, member=member).exists():
            continue
        add_representative(
            organization, member, role=spec["role"], shown_on_page=spec["shown_on_page"]
        )


def _seed_services(services, admin):
    created = 0
    for spec in services:
        spec = dict(spec)
        if Service.objects.filter(slug=_service_slug(spec["title"])).exists():
            continue
        organizations = list(Organization.objects.filter(slug__in=spec.pop("organizations")))
        if not organizations:
            continue
        regions = list(Region.objects.filter(code__in=spec.pop("regions")))
        disciplines = list(Discipline.objects.filter(code__in=spec.pop("disciplines")))
        status = spec.pop("status", Service.Status.PUBLISHED)
        service = create_service(
            actor=admin,
            data=spec,
            organizations=organizations,
            disciplines=disciplines,
            regions=regions,
        )
        if status != Service.Status.DRAFT:
            publish_service(service, actor=admin)
        if status == Service.Status.ARCHIVED:
            archive_service(service, actor=admin)
        created += 1
    return created


def _seed_access_requests(access_requests, members, admin):
    emails = {spec["member"] for spec in access_requests}
    # A demo member who already has requests (from an earlier run, or their own) gets none.
    senders = {
        email
        for email in emails
        if email in members and not AccessRequest.objects.filter(member=members[email]).exists()
    }
    created = 0
    for spec in access_requests:
        if spec["member"] not in senders:
            continue
        member = members[spec["member"]]
        service = Service.objects.published().filter(slug=_service_slug(spec["service"])).first()
        if service is None:
            continue
        access_request = create_access_request(service, member=member, data=spec["data"])
        created += 1
        for step in spec.get("steps", []):
            if step["actor"] == "member":
                actor = member
            else:
                actor = members.get(step["actor"])
                if actor is None or not can_answer_request(Viewer.of(actor), access_request):
                    actor = admin
            if "status" not in step:  # a message, the status unchanged
                post_request_message(
                    actor,
                    access_request,
                    body=step["message"],
                    attachments=demo_documents(step.get("document")),
                )
                continue
            access_request = change_request_status(
                access_request, actor=actor, new_status=step["status"], message=step["message"]
            )
    return created


def _seed_organization_follows(follows, members):
    created = 0
    for email, slugs in follows.items():
        member = members.get(email)
        if member is None:
            continue
        for organization in Organization.objects.filter(slug__in=slugs).exclude(
            followers__member=member
        ):
            follow_organization(member, organization)
            created += 1
    return created


def seed_resources(stdout=None):
    data = load("catalogue")
    emails = {data["administrator"], *data["organization_follows"]}
    emails |= {spec["email"] for spec in data["representatives"]}
    emails |= {spec["member"] for spec in data["access_requests"]}
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    admin = members.get(data["administrator"])

    organizations = _seed_organizations(data["organizations"])
    _seed_representatives(data["representatives"], members)
    # Before the services: those published next are news for the members who follow.
    follows = _seed_organization_follows(data["organization_follows"], members)
    services = requests = 0
    if admin is not None and admin.is_superuser:
        services = _seed_services(data["services"], admin)
        requests = _seed_access_requests(data["access_requests"], members, admin)
    if stdout:
        stdout.write(
            f"  resources: {organizations} organizations, {services} services, "
            f"{requests} access requests, {follows} organization follows created"
        )
