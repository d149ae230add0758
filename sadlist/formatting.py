"""Fast stand-ins for reverse(), escape() and floatformat, for the rows that pages build in Python.

Lists of 24 to 50 rows name a URL or two and a number or two per row: reverse() costs tens
of microseconds a call, floatformat about a tenth of a millisecond a number.
"""

import functools
import html
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse


def escape(value):
    """What django.utils.html.escape writes, as a plain str for the rows' markup to join:
    without its lazy-string wrapper and SafeString, which cost more than the escaping where
    a page escapes some four hundred values. Only ever for markup then marked safe whole."""
    return html.escape(str(value))


@functools.lru_cache(maxsize=64)
def _url_parts(name, prefix, urlconf, arity):
    """``name``'s URL split around its ``arity`` arguments, reversed once per script prefix
    and URLconf."""
    markers = [f"9876543{i}21" for i in range(arity)]  # digits: int, slug and str all take them
    url = reverse(name, args=markers, urlconf=urlconf)
    parts = []
    for marker in markers:
        before, url = url.split(marker)
        parts.append(before)
    return (*parts, url)


def url_maker(name):
    """A maker of ``name``'s URLs: ``url_maker(name)(*args)`` is what
    ``reverse(name, args=args)`` returns, at the cost of string formatting, each argument
    quoted as reverse() quotes it (RFC 3986's path characters are left as they are). Make
    one per page: it reads the script prefix and URLconf once."""
    prefix, urlconf = get_script_prefix(), get_urlconf()

    def make(*args):
        parts = _url_parts(name, prefix, urlconf, len(args))
        out = [parts[0]]
        for part, arg in zip(parts[1:], args, strict=True):
            out.append(quote(str(arg), safe="!$&'()*+,;=/~:@"))
            out.append(part)
        return "".join(out)

    return make


def fast_url(name, *args):
    """``reverse(name, args=args)``, as url_maker makes it."""
    return url_maker(name)(*args)


@functools.cache
def _quantum(places):
    return Decimal(1).scaleb(-places)


def decimal_places(value, places):
    """``value|floatformat:places`` as English pages write it: the float's shortest repr
    rounded half up, as floatformat rounds; "" for None."""
    if value is None:
        return ""
    return str(Decimal(repr(value)).quantize(_quantum(places), ROUND_HALF_UP))
