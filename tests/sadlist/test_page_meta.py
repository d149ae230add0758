"""The frame's links and assets: looked up once per process, yet never stale."""

from django.template import Context, Template
from django.test import override_settings
from django.test.utils import override_script_prefix
from django.urls import reverse


def render(source):
    return Template("{% load page_meta %}" + source).render(Context())


def test_link_is_what_url_reverses():
    assert render("{% link 'home' %} {% link 'catalog:title_list' %}") == (
        f"{reverse('home')} {reverse('catalog:title_list')}"
    )


def test_asset_follows_a_changed_static_url():
    before = render("{% asset 'css/sadlist.css' %}")
    with override_settings(STATIC_URL="/elsewhere/"):
        moved = render("{% asset 'css/sadlist.css' %}")
    assert moved.startswith("/elsewhere/css/sadlist")
    assert render("{% asset 'css/sadlist.css' %}") == before


def test_link_follows_the_script_prefix():
    # Behind a proxy that mounts the site under /sad/, the frame's links say so.
    with override_script_prefix("/sad/"):
        assert render("{% link 'catalog:title_list' %}") == "/sad/titles/"
    assert render("{% link 'catalog:title_list' %}") == "/titles/"
