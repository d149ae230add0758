from django.conf import settings


def site(request):
    """Values every page's frame needs; no database access."""
    return {"SADLIST_ARTICLE_LIST_SLUG": settings.SADLIST_ARTICLE_LIST_SLUG}
