"""Needs: declaring, joining, leaving, the linked conversation, marking met, and telling
members when a service matches their needs."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from communaute.models import Notification, Topic
from ressources.models import Need, NeedSupport, ServiceMatchNotice
from ressources.selectors.needs import similar_needs
from ressources.services.catalogue import update_service
from ressources.services.needs import (
    NEEDS_SPACE_SLUG,
    AlreadySupportingError,
    leave_need,
    mark_need_met,
    open_need_conversation,
)
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import join, make_need, make_service, service_data

pytestmark = pytest.mark.django_db


def test_declaring_a_need_counts_its_author_as_the_first_person_sharing_it(member):
    need = make_need(member, disciplines=["theatre"], province="NB")

    assert need.supporter_count == 1
    support = NeedSupport.objects.get(need=need)
    assert support.member == member
    assert support.province == "NB"
    assert support.discipline_id == "theatre"


def test_a_visitor_cannot_declare_a_need():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        make_need(AnonymousUser())


def test_joining_a_need_counts_people_and_distinct_organizations(member):
    need = make_need(member)
    join(need, MemberFactory(), on_behalf="organization", organization_name="Théâtre l'Escaouette")
    join(need, MemberFactory(), on_behalf="organization", organization_name="théâtre l'escaouette")
    join(need, MemberFactory(), province="ON")

    need.refresh_from_db()
    assert need.supporter_count == 4
    assert need.organization_count == 1


def test_joining_twice_counts_once(member, other_member):
    need = make_need(member)
    join(need, other_member)

    with pytest.raises(AlreadySupportingError):
        join(need, other_member)
    need.refresh_from_db()
    assert need.supporter_count == 2


def test_a_member_cannot_join_a_need_that_is_met(member, other_member, service, representative):
    need = make_need(member, category=service.category)
    mark_need_met(need, actor=representative, service=service)

    with pytest.raises(PermissionDenied):
        join(need, other_member)


def test_leaving_a_need_keeps_it_for_the_others(member, other_member):
    need = make_need(member)
    join(need, other_member)

    assert leave_need(need, member=member)
    need.refresh_from_db()
    assert need.supporter_count == 1
    assert Need.objects.filter(pk=need.pk).exists()


def test_an_organization_name_without_speaking_for_an_organization_is_not_kept(member):
    need = make_need(member, on_behalf="self", organization_name="Mon collectif")

    assert NeedSupport.objects.get(need=need).organization_name == ""
    assert need.organization_count == 0


def test_a_deleted_account_leaves_the_need_without_its_author(member, other_member):
    need = make_need(member)
    join(need, other_member)

    member.delete()
    need.refresh_from_db()
    assert need.author is None
    assert need.supports.count() == 1
    assert need.supporter_count == 1


def test_opening_the_conversation_creates_one_topic_in_the_needs_space(member, other_member):
    need = make_need(member, title="Un local de répétition à Moncton")

    topic = open_need_conversation(need, member=other_member)
    again = open_need_conversation(need, member=member)

    assert again == topic
    assert topic.space.slug == NEEDS_SPACE_SLUG
    assert topic.space.visibility == "public"
    assert topic.title == "Besoin : Un local de répétition à Moncton"
    assert need.get_absolute_url() in topic.posts.get().body
    assert Topic.objects.count() == 1


def test_the_conversation_opens_in_the_clickers_voice_and_quotes_the_need(member, other_member):
    need = make_need(
        member,
        title="Un local à Moncton",
        description="Nous répétons dans un sous-sol.\nIl est trop petit.",
    )

    post = open_need_conversation(need, member=other_member).posts.get()

    assert post.author == other_member
    assert post.body.startswith(
        f"J'ouvre la conversation sur le besoin « Un local à Moncton » : {need.get_absolute_url()}"
    )
    assert (
        "Le besoin est décrit ainsi :\n\n> Nous répétons dans un sous-sol.\n> Il est trop petit."
        in (post.body)
    )
    assert "<blockquote>" in post.body_html
    # Its author did not choose to show their name: neither the text nor the page names them.
    assert member.display_name not in post.body
    assert member.public_name not in post.body


def test_the_conversation_names_the_needs_author_only_if_they_chose_to_show_it(
    member, other_member
):
    need = make_need(member, title="Un local à Moncton", show_name=True)

    post = open_need_conversation(need, member=other_member).posts.get()

    assert f"{member.public_name} l'a décrit ainsi :" in post.body
    assert post.author == other_member


def test_marking_a_need_met_notifies_everyone_who_shares_it_but_the_actor(
    member, other_member, representative, service, django_capture_on_commit_callbacks
):
    need = make_need(member, category=service.category)
    join(need, other_member)
    join(need, representative)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mark_need_met(need, actor=representative, service=service)

    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert need.met_by_service == service
    notified = set(Notification.objects.filter(kind="need_met").values_list("recipient", flat=True))
    assert notified == {member.pk, other_member.pk}
    assert len(mail.outbox) == 2
    assert "Vous partagez le besoin" in mail.outbox[0].body


def test_a_plain_member_cannot_mark_a_need_met(member, other_member, service):
    need = make_need(member, category=service.category)

    with pytest.raises(PermissionDenied):
        mark_need_met(need, actor=other_member, service=service)


def test_a_representative_cannot_mark_a_need_met_with_another_organizations_service(
    member, other_representative, service
):
    need = make_need(member, category=service.category)

    with pytest.raises(PermissionDenied):
        mark_need_met(need, actor=other_representative, service=service)


def test_an_administrator_marks_a_need_met_with_any_published_service(member, staff, service):
    need = make_need(member, category=service.category)

    mark_need_met(need, actor=staff, service=service)

    need.refresh_from_db()
    assert need.status == Need.Status.MET


def test_a_draft_service_cannot_meet_a_need(member, organization, representative):
    draft = make_service(organization, representative, publish=False)
    need = make_need(member, category=draft.category)

    with pytest.raises(PermissionDenied):
        mark_need_met(need, actor=representative, service=draft)


class TestServiceMatching:
    def test_publishing_a_service_tells_the_members_whose_open_needs_match_it(
        self, member, other_member, organization, representative
    ):
        need = make_need(member, category="spaces", province="NB", disciplines=["theatre"])
        join(need, other_member, province="ON")  # the service is not offered in Ontario
        make_need(MemberFactory(), category="legal", province="NB")  # another category

        make_service(
            organization,
            representative,
            title="Locaux partagés à Moncton",
            category="spaces",
            regions=["NB"],
            disciplines=["theatre", "dance"],
        )

        notices = Notification.objects.filter(kind="service_matches_need")
        assert [notice.recipient for notice in notices] == [member]
        assert notices.get().context["need"] == need.title

    def test_a_service_offered_at_a_distance_matches_every_province(
        self, member, other_member, organization, representative
    ):
        need = make_need(member, category="legal", province="YT")
        join(need, other_member, province="NU", discipline="music")

        make_service(organization, representative, category="legal", regions=["remote"])

        recipients = set(
            Notification.objects.filter(kind="service_matches_need").values_list(
                "recipient", flat=True
            )
        )
        assert recipients == {member.pk, other_member.pk}

    def test_a_service_for_other_disciplines_does_not_match(
        self, member, organization, representative
    ):
        make_need(member, category="spaces", province="NB", disciplines=["music"])

        make_service(
            organization, representative, category="spaces", regions=["NB"], disciplines=["dance"]
        )

        assert not Notification.objects.filter(kind="service_matches_need").exists()

    def test_members_are_told_once_even_when_the_service_is_updated(
        self, member, organization, representative
    ):
        make_need(member, category="spaces", province="NB")
        make_need(member, title="Un entrepôt pour nos décors", category="spaces", province="NB")
        service = make_service(organization, representative, category="spaces", regions=["NB"])

        update_service(
            service,
            actor=representative,
            data=service_data(category="spaces", summary="Nouveau résumé."),
            organizations=[organization],
            disciplines=[],
            regions=list(service.regions.all()),
        )

        assert Notification.objects.filter(kind="service_matches_need").count() == 1
        assert ServiceMatchNotice.objects.filter(service=service, member=member).count() == 1

    def test_a_met_need_does_not_match_new_services(
        self, member, organization, representative, service
    ):
        need = make_need(member, category="spaces", province="NB")
        mark_need_met(need, actor=representative, service=service)

        make_service(organization, representative, category="spaces", regions=["NB"])

        assert not Notification.objects.filter(kind="service_matches_need").exists()


def test_similar_needs_find_an_open_need_with_a_close_title(member):
    existing = make_need(member, title="Local de répétition partagé à Moncton")
    make_need(member, title="Aide juridique pour les contrats", category="legal")

    found = similar_needs(title="Un local de répétition à Moncton", category="spaces")

    assert found == [existing]


def test_similar_needs_ignore_needs_already_met(member, representative, service):
    need = make_need(member, title="Local de répétition partagé", category=service.category)
    mark_need_met(need, actor=representative, service=service)

    assert similar_needs(title="Local de répétition partagé", category="spaces") == []


def test_the_personal_data_export_lists_the_needs_a_member_shares(member, other_member):
    from communaute.hooks.privacy import collect

    declared = make_need(member, title="Un local à Moncton")
    joined = make_need(other_member, title="Une comptable partagée")
    join(joined, member, province="ON", on_behalf="organization", organization_name="Coop X")
    leave_need(declared, member=member)

    data, _files = collect(member)

    rows = {row["need"]: row for row in data["besoins"]}
    assert rows["Une comptable partagée"]["organization_name"] == "Coop X"
    assert rows["Une comptable partagée"]["declared_by_me"] is False
    assert rows["Un local à Moncton"]["declared_by_me"] is True


def test_a_suspended_account_can_neither_declare_nor_join(member, other_member):
    need = make_need(member)
    other_member.is_active = False
    other_member.save()

    with pytest.raises(PermissionDenied):
        make_need(other_member)
    with pytest.raises(PermissionDenied):
        join(need, other_member)


def test_the_same_form_sent_twice_declares_one_need(member):
    first = make_need(member, title="Un local de répétition")
    second = make_need(member, title="Un local de répétition")

    assert second == first
    assert Need.objects.count() == 1
