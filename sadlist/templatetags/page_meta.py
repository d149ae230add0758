import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    # Blocks inside stay overridable: Node.get_nodes_by_type walks ``nodelist``.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Already rendered (and so escaped) template output: safe to reuse as is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, use as ``{{ name }}`` anywhere.

    base.html uses it so a page's title and description blocks also fill its
    Open Graph tags without each page writing them twice.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# The frame's links and assets are the same on every page: reversed and looked up in the
# static files' manifest once per process (per script prefix and URLconf), not on every
# request. {% url %} and {% static %} cost tens of microseconds each, and base.html has
# two dozen: about a third of the frame's rendering.
@functools.lru_cache(maxsize=128)
def _reversed(name, prefix, urlconf):
    return reverse(name, urlconf=urlconf)


@functools.lru_cache(maxsize=128)
def _asset(path):
    return static(path)


@receiver(setting_changed)
def _forget(**kwargs):
    # Tests that change STATIC_URL, STORAGES or ROOT_URLCONF must not see the old values.
    _reversed.cache_clear()
    _asset.cache_clear()


@register.simple_tag
def link(name):
    """``{% link 'home' %}``: ``{% url 'home' %}`` for URLs that take no arguments, reversed
    once per process."""
    return _reversed(name, get_script_prefix(), get_urlconf())


@register.simple_tag
def asset(path):
    """``{% asset 'css/sadlist.css' %}``: ``{% static %}``, looked up once per process."""
    return _asset(path)
