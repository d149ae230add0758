"""The community rankings, read from the title statistics kept by reviews.services.

Most tearful is a Bayesian average of the cry ratings:

    weighted = (v·R + m·C) / (v + m)

with R a title's mean cry rating, v its number of cry ratings, C the mean of
every cry rating on the site and m a setting (SADLIST_RANKING_M). Since
v·R is the title's cry sum S and C = p/q is a fraction, the score is computed
in SQL as

    (S·q + m·p) / ((v + m)·q)

in double precision: every product and sum there is of whole numbers well
below 2**53, so exact, and the one division is correctly rounded. Two titles
with the same score as fractions therefore get the very same float, so exact
ties always fall to the tie-breakers (more ratings first, then title) and
never to float noise; no rounding is needed on SQLite or PostgreSQL.

Every function builds one query whatever the number of titles.
"""

from fractions import Fraction

from django.db.models import Count, F, FloatField, Q, Subquery, Sum, Value
from django.db.models.functions import Cast

from .models import Title, TitleStats

# A title's v and S as floats, for arithmetic in double precision on every database.
_VOTES = Cast("statistics__cry_count", FloatField())
_SUM = Cast("statistics__cry_sum", FloatField())


def site_cry_mean():
    """C: the mean of every cry rating on the site, as an exact Fraction.

    None while no one has rated anything. One aggregate query over the
    title statistics, not a scan of the entries.
    """
    totals = TitleStats.objects.aggregate(total=Sum("cry_sum"), count=Sum("cry_count"))
    if not totals["count"]:
        return None
    return Fraction(totals["total"], totals["count"])


def _weighted(m, c):
    """The weighted score as a SQL expression (see the module docstring)."""
    if m < 0:
        raise ValueError(f"m must be 0 or more, not {m}.")
    c = Fraction(c or 0)
    q = Value(float(c.denominator), output_field=FloatField())
    mp = Value(float(m * c.numerator), output_field=FloatField())
    return (_SUM * q + mp) / ((_VOTES + Value(float(m), output_field=FloatField())) * q)


def tearful(titles=None, *, m, c):
    """The rated titles among ``titles`` (all titles by default), most tearful first.

    ``m`` is the weight of the site mean (settings.SADLIST_RANKING_M) and ``c``
    the site mean from site_cry_mean(), best passed as that Fraction so ties
    are exact (None, before any rating, is taken as 0). Each title is
    annotated with ``cry_votes`` (v), ``cry_mean`` (R, a float) and
    ``weighted`` (a float). Ties go to the title with more ratings, then by
    English title, then by id. Titles without a cry rating are left out.
    """
    if titles is None:
        titles = Title.objects.all()
    return (
        titles.filter(statistics__cry_count__gt=0)
        .annotate(
            cry_votes=F("statistics__cry_count"),
            cry_mean=_SUM / _VOTES,
            weighted=_weighted(m, c),
        )
        .order_by(F("weighted").desc(), F("cry_votes").desc(), "title_en", "pk")
    )


def tearful_rank(title, *, m, c):
    """``title``'s 1-based place in the whole Most tearful ranking, or None if unrated.

    The same expressions and tie-breakers as tearful(), unfiltered, counted
    in one query: the titles ranked above it, plus one.
    """
    ranked = tearful(m=m, c=c).order_by()
    me = ranked.filter(pk=title.pk)
    weighted = Subquery(me.values("weighted")[:1])
    votes = Subquery(me.values("cry_votes")[:1])
    name = Subquery(me.values("title_en")[:1])
    ahead = (
        Q(weighted__gt=weighted)
        | Q(weighted=weighted, cry_votes__gt=votes)
        | Q(weighted=weighted, cry_votes=votes, title_en__lt=name)
        | Q(weighted=weighted, cry_votes=votes, title_en=name, pk__lt=title.pk)
    )
    counts = ranked.aggregate(
        ahead=Count("pk", filter=ahead), found=Count("pk", filter=Q(pk=title.pk))
    )
    return counts["ahead"] + 1 if counts["found"] else None


def most_watched(titles=None):
    """The titles among ``titles`` that someone completed, most completed first.

    Annotated with ``completed`` (the number of users who completed the
    title); ties by English title, then id.
    """
    if titles is None:
        titles = Title.objects.all()
    return (
        titles.filter(statistics__completed_count__gt=0)
        .annotate(completed=F("statistics__completed_count"))
        .order_by("-completed", "title_en", "pk")
    )
