"""Gunicorn settings for Samverkan: `gunicorn -c gunicorn.conf.py samverkan.wsgi`.

Every value can be changed by environment variable; the defaults suit a small
server behind a TLS-terminating load balancer or reverse proxy.
"""

import multiprocessing
import os


def _int(name, default, minimum=0):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, not {value}.")
    return value


wsgi_app = "samverkan.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{_int('PORT', 8000)}")
# One process per core and one more; one request at a time in each. Requests
# are short and spend their time in Python, not waiting (the database answers
# in well under a millisecond), so more threads would only take turns at the
# interpreter lock, and more processes would only take turns at the cores.
# Raise GUNICORN_THREADS if long requests (a draft's PDF, a large import) keep
# others waiting. gthread keeps browsers' connections alive.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1, minimum=1)
threads = _int("GUNICORN_THREADS", 1, minimum=1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10
# The app logs one line a request itself (LOG_FORMAT=json for JSON lines), so
# gunicorn's access log is off unless asked for; errors go to standard error.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front sets X-Forwarded-Proto; trust it from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app before forking: faster start, less memory.
preload_app = True

