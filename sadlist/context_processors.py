from django.conf import settings


def site(request):
    """Values every page's frame needs; no database access."""
    return {"ARTICLE_LIST_SLUG": settings.ARTICLE_LIST_SLUG}
