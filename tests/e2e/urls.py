"""The site's URLs plus uploaded media, for the live server.

Outside DEBUG the site leaves /media/ to the web server in front of gunicorn; the browser
tests that upload a cover stand in for it, so the cover can be seen to load.
"""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from sadlist.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT is read per request: each test has its own temporary folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_urlpatterns, path(f"{settings.MEDIA_URL}<path:path>", media)]
