import pytest
from wagtail.models import Site

from communaute.permissions import roles
from tests.communaute.factories import PASSWORD, MemberFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("area", ["/admin/", "/cms/"])
def test_staff_without_two_factor_is_sent_to_set_it_up(client, area):
    staff = MemberFactory(is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(staff)
    response = client.get(area)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/2fa/totp/activate/"
    page = client.get(response["Location"], follow=True).content.decode()
    assert "activez la double authentification avant" in page


@pytest.mark.parametrize("area", ["/admin/", "/cms/"])
def test_staff_with_two_factor_enters_after_giving_a_code(client, staff, area):
    code = activate_totp(staff)
    response = client.post("/comptes/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"].startswith("/comptes/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    client.post("/comptes/2fa/authenticate/", {"code": code()})
    assert client.get(area).status_code == 200


def test_a_wrong_code_does_not_open_the_session(client, staff):
    activate_totp(staff)
    client.post("/comptes/login/", {"login": staff.email, "password": PASSWORD})
    response = client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_visitors_are_sent_to_the_site_sign_in_page(client):
    for area in ("/admin/", "/cms/"):
        response = client.get(area, follow=True)
        assert response.redirect_chain[-1][0].startswith("/comptes/login/")


def test_members_without_a_role_cannot_enter_either_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/").status_code in {302, 403}
    assert client.get("/admin/", follow=True).status_code == 403
    cms = client.get("/cms/")
    assert cms.status_code == 302
    assert cms["Location"].startswith("/comptes/login/")


def test_partners_reach_the_wagtail_admin_without_being_staff(client):
    partner = MemberFactory(roles=[roles.PARTNER])
    client.force_login(partner)
    assert client.get("/cms/").status_code == 200
    assert client.get("/admin/", follow=True).status_code == 403


def test_member_admin_lists_with_a_bounded_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    activate_totp(staff)
    client.force_login(staff)
    MemberFactory.create_batch(3)
    with django_assert_max_num_queries(12):
        assert client.get("/admin/communaute/member/").status_code == 200
    MemberFactory.create_batch(40)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/communaute/member/?q=membre")
    assert response.status_code == 200


def test_admin_screens_work_with_the_member_model(client, staff, member):
    activate_totp(staff)
    client.force_login(staff)
    home_id = Site.objects.get().root_page_id
    for url in (
        "/cms/",
        "/cms/users/",
        f"/cms/users/edit/{member.pk}/",
        "/cms/users/new/",
        f"/cms/pages/{home_id}/",
        f"/cms/pages/{home_id}/edit/",
        "/admin/communaute/member/add/",
        f"/admin/communaute/member/{member.pk}/change/",
        "/admin/auth/group/",
    ):
        assert client.get(url).status_code == 200, url
