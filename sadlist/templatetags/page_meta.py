from django import template
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
