"""The site's own forms are drawn by Jinja2 (passerelles.core.forms.SiteFormRenderer), with the
same HTML as Django's template engine gave; the admins' and allauth's forms keep
settings.FORM_RENDERER."""

import pytest
from allauth.account.forms import LoginForm
from django.forms.renderers import get_default_renderer
from django.test.signals import template_rendered

from communaute.forms.forum import PostForm
from communaute.forms.members import DeleteAccountForm
from passerelles.core.forms import SiteFormRenderer, drawn_once, site_form_renderer, use_draft
from tests.forms import FORMS_WITHOUT_GUARD, dotted, project_forms

# Listing the project's forms loads the admin's, which ask for content types: run alone, the
# module needs the test database as the rest of the suite does.
pytestmark = pytest.mark.django_db

# Project forms that the admins draw with their own templates, through settings.FORM_RENDERER.
ADMIN_FORMS = {
    *FORMS_WITHOUT_GUARD,
    # The actions of a Django admin list, drawn by the admin's change list.
    "communaute.admin.moderation.ModerationActionForm",
}


def test_every_form_of_the_site_is_drawn_by_the_jinja2_renderer():
    drawn_otherwise = [
        dotted(form)
        for form in project_forms()
        if dotted(form) not in ADMIN_FORMS and form.default_renderer is not site_form_renderer
    ]
    assert drawn_otherwise == []
    assert isinstance(site_form_renderer, SiteFormRenderer)


def test_forms_that_are_not_the_sites_keep_the_project_renderer():
    assert LoginForm().renderer is get_default_renderer()
    assert not isinstance(get_default_renderer(), SiteFormRenderer)


def test_the_reply_form_is_drawn_without_djangos_template_engine():
    drawn = []

    def record(sender, template, **kwargs):
        drawn.append(template.name)

    form = PostForm(initial={"body": "Citation"})
    use_draft(form, "body", place="reply:1", draft=None, return_url="/")
    template_rendered.connect(record)
    try:
        html = str(form)
    finally:
        template_rendered.disconnect(record)
    assert drawn == []  # only Django's engine sends this signal in tests
    assert 'class="composer"' in html and 'data-draft-place="reply:1"' in html


def test_the_jinja2_templates_escape_as_djangos_engine_did():
    html = str(PostForm(initial={"body": 'L\'<b>art</b> & "vous"'}))
    assert "L&#x27;&lt;b&gt;art&lt;/b&gt; &amp; &quot;vous&quot;</textarea>" in html
    # The help text is the project's own, marked safe.
    assert "**gras**, *italique*" in html


def test_a_single_checkbox_comes_before_its_label():
    html = " ".join(str(DeleteAccountForm({})).split())
    assert '<div class="checkbox"><input type="checkbox" name="confirm"' in html
    assert 'aria-describedby="id_confirm_error" id="id_confirm"> <label for="id_confirm">' in html
    assert 'id="id_confirm_error"' in html


def test_a_form_drawn_once_gets_each_request_its_own_tokens():
    drawings = []

    def draw(csrf_token, token):
        drawings.append((csrf_token, token))
        return f'<input name="csrfmiddlewaretoken" value="{csrf_token}"><input value="{token}">'

    first = drawn_once(("test", "place"), draw, csrf_token="jeton-a")
    second = drawn_once(("test", "place"), draw, csrf_token="jeton-b")
    assert len(drawings) == 1
    assert 'value="jeton-a"' in first and 'value="jeton-b"' in second
    tokens = [html.rsplit('value="', 1)[1] for html in (first, second)]
    assert tokens[0] != tokens[1] and "stand-in" not in first + second


def test_a_drawing_without_its_stand_ins_is_drawn_each_time():
    drawings = []

    def draw(csrf_token, token):
        drawings.append(token)
        return f"<p>{csrf_token}</p>"

    assert drawn_once(("test", "no token"), draw, csrf_token="jeton") == "<p>jeton</p>"
    drawn_once(("test", "no token"), draw, csrf_token="jeton")
    assert len(drawings) == 4
