"""The one pagination tag: which query it keeps, which parameter it sets, the elided range."""

import html
import re

from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

TAG = Template("{% load pagination %}{% pagination page query=query param=param %}")


def links(path, number, *, pages=30, query=None, param="page"):
    request = RequestFactory().get(path)
    page = Paginator(range(pages * 10), 10).get_page(number)
    rendered = TAG.render(RequestContext(request, {"page": page, "query": query, "param": param}))
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', rendered)]


def test_by_default_every_parameter_of_the_request_travels_with_the_page():
    hrefs = links("/titles/?q=orange&tag=drama&tag=romance&page=3", 3)
    assert hrefs[0] == "?q=orange&tag=drama&tag=romance&page=2"  # Previous
    assert hrefs[-1] == "?q=orange&tag=drama&tag=romance&page=4"  # Next


def test_a_given_query_is_all_that_travels():
    hrefs = links("/rankings/?format=podcast&decade=2000&utm=x", 1, query="decade=2000")
    assert hrefs[-1] == "?decade=2000&page=2"
    assert all("format" not in href and "utm" not in href for href in hrefs)


def test_an_empty_query_keeps_only_the_page_number():
    assert links("/reviews/?sort=odd", 1, query="")[-1] == "?page=2"


def test_another_parameter_name_leaves_the_page_parameter_alone():
    hrefs = links("/titles/orange/?page=4", 1, query="reviews=new", param="rpage")
    assert hrefs[-1] == "?reviews=new&rpage=2"


def test_long_ranges_are_elided_around_the_current_page():
    request = RequestFactory().get("/titles/")
    page = Paginator(range(300), 10).get_page(15)
    rendered = TAG.render(RequestContext(request, {"page": page, "query": None, "param": "page"}))
    numbers = re.findall(r'class="page-link"[^>]*>([^<]+)<', rendered)
    assert numbers == [
        "Previous",
        "1",
        "2",
        "…",
        "13",
        "14",
        "15",
        "16",
        "17",
        "…",
        "29",
        "30",
        "Next",
    ]
    assert 'aria-current="page"><span class="page-link">15<' in rendered


def test_a_single_page_draws_no_links():
    assert links("/titles/", 1, pages=1) == []
