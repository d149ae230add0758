"""Probes for load balancers and orchestrators.

/healthz is liveness: the process answers. /readyz is readiness: 503 only when the
database does not answer, since nothing works without it; a cache that does not answer
is reported as "degraded" with a 200, because the site keeps serving from the database
(slower, but correct). A load balancer should keep routing to an instance whose cache
is degraded and alert on it, and take an instance out only on a 503.
"""

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


def _cache_answers():
    is_available = getattr(cache, "is_available", None)
    if is_available is not None:  # sadlist.cache.FailSafeRedisCache, which never raises
        return is_available()
    cache.set("readyz", "ok", timeout=10)
    return cache.get("readyz") == "ok"


@never_cache
def readyz(request):
    """Readiness: the database answers a query; the cache is ok or degraded."""
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
        checks["cache"] = "ok" if _cache_answers() else "degraded"
    except Exception:
        logger.exception("Readiness: the cache did not answer.")
        checks["cache"] = "degraded"
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)
