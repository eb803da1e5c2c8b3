import pytest
from playwright.sync_api import expect

from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic, reply
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_report_is_handled_in_admin_and_the_author_sees_the_decision(page, browser, site):
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    reader = MemberFactory(display_name="Sophie Gagnon")
    author = MemberFactory(display_name="Marc-André Leblanc")
    topic, _post = create_topic(space, author=reader, title="Partager un camion", body="Qui ?")
    reply(topic, author=author, body="Achetez nos montres en solde !")

    sign_in(page, site, reader.email, PASSWORD)
    page.goto(site(f"/communaute/sujets/{topic.pk}-{topic.slug}/"))
    page.get_by_role("link", name="Signaler").click()
    assert_accessible(page)
    page.get_by_label("Publicité ou message indésirable").check()
    page.get_by_label("Précisions pour l'équipe d'animation (facultatif)").fill("Hors sujet.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("l'équipe d'animation examinera ce message")).to_be_visible()

    moderator = MemberFactory(display_name="Équipe du portail", is_staff=True, is_superuser=True)
    code = moderator.totp_code
    admin = browser.new_context().new_page()
    admin.goto(site("/comptes/login/"))
    admin.locator("#id_login").fill(moderator.email)
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("form.form button[type=submit]").click()
    admin.locator("#id_code").fill(code())
    admin.locator("#id_code").press("Enter")
    admin.wait_for_url(site("/"))
    admin.goto(site("/admin/communaute/flag/?status__exact=open"))
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("hide_posts")
    admin.locator("input[name=reason]").fill("Publicité sans lien avec la tournée.")
    admin.locator("button[name=index]").click()
    expect(admin.get_by_text("1 message masqué.")).to_be_visible()
    admin.context.close()

    page.goto(site(f"/communaute/sujets/{topic.pk}-{topic.slug}/"))
    expect(page.get_by_text("Achetez nos montres")).to_have_count(0)
    page.context.clear_cookies()
    sign_in(page, site, author.email, PASSWORD)
    page.goto(site("/communaute/notifications/"))
    expect(page.get_by_text("Publicité sans lien avec la tournée.")).to_be_visible()
    page.get_by_role("link", name="a été masqué").first.click()
    expect(page.get_by_text("Masqué par l'équipe d'animation")).to_be_visible()


def test_the_animators_dashboard_is_accessible(page, site):
    space = Space.objects.create(name="Outils numériques", slug="outils")
    animator = MemberFactory(display_name="Amina Diallo")
    SpaceMembership.objects.create(space=space, member=animator, role=SpaceMembership.Role.ANIMATOR)
    newcomer = MemberFactory(display_name="Nadia Chartrand")
    SpaceMembership.objects.create(space=space, member=newcomer)
    create_topic(space, author=animator, title="Modèles de contrats", body="https://exemple.org/a")

    sign_in(page, site, animator.email, PASSWORD)
    page.goto(site("/communaute/espaces/outils/"))
    page.get_by_role("link", name="Tableau de bord de l'animation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Animer « Outils numériques »")
    assert_accessible(page)
    page.get_by_role("button", name="Souhaiter la bienvenue à Nadia Chartrand").click()
    expect(page.get_by_text("Votre mot de bienvenue est envoyé")).to_be_visible()
    page.get_by_text("Voir les données en tableau").click()
    assert_accessible(page)


def test_an_animator_hides_a_post_and_locks_the_topic_from_the_site(page, site):
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    animator = MemberFactory(display_name="Amina Diallo")
    SpaceMembership.objects.create(space=space, member=animator, role=SpaceMembership.Role.ANIMATOR)
    author = MemberFactory(display_name="Marc-André Leblanc")
    topic, _post = create_topic(space, author=author, title="Salles à Moncton", body="Lesquelles ?")
    reply(topic, author=MemberFactory(), body="Visitez mon site de paris en ligne")

    sign_in(page, site, animator.email, PASSWORD)
    page.goto(site(f"/communaute/sujets/{topic.pk}-{topic.slug}/"))
    page.get_by_role("link", name="Masquer").nth(1).click()
    assert_accessible(page)
    page.get_by_role("button", name="Masquer le message").click()
    expect(page.get_by_text("Le formulaire contient une erreur.")).to_be_visible()
    page.get_by_label("Raison").fill("Publicité sans rapport avec l'espace.")
    page.get_by_role("button", name="Masquer le message").click()
    expect(page.get_by_text("Masqué par l'équipe d'animation")).to_be_visible()

    page.get_by_role("link", name="Modérer ce sujet (épingler, verrouiller, déplacer)").click()
    assert_accessible(page)
    page.get_by_label("Verrouiller le sujet (plus de réponses)").check()
    page.get_by_label("Raison").fill("La question a trouvé sa réponse.")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_text("Ce sujet est verrouillé")).to_be_visible()
    assert_accessible(page)
