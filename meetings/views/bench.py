"""The floor page of bench/load.py: login, session, middleware and base.html, and nothing else.

Routed only when BENCH_FLOOR_PAGE is on (samverkan/urls.py); the load bench
compares every page's throughput with this one.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    return render(request, "bench_floor.html")
