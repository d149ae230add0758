"""Probes for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """Liveness: Django answers. Touches neither the database nor the cache."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: the database answers a query and the cache keeps a value."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Readiness: the database did not answer.")
        checks["database"] = "unavailable"
    try:
        cache.set("readyz", "ok", timeout=10)
        checks["cache"] = "ok" if cache.get("readyz") == "ok" else "unavailable"
    except Exception:
        logger.exception("Readiness: the cache did not answer.")
        checks["cache"] = "unavailable"
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse(checks, status=200 if ready else 503)
