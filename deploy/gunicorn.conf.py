"""gunicorn configuration for Passerelles Culture (gunicorn 27, WSGI).

Started by deploy/systemd/passerelles-web.service:
    gunicorn --config deploy/gunicorn.conf.py
Every value can be changed from the environment file without editing this one.
"""

import gc
import itertools
import multiprocessing
import os

wsgi_app = "passerelles.wsgi:application"

# Loopback only: nginx is the one door (TLS, static and media files, private files).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads share a process's database pool (DATABASE_POOL_MAX_SIZE, 4 by default): as many
# threads as pooled connections, so that a thread rarely waits for one. Pages are CPU-bound
# templates, hence about two processes per core.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A page that takes longer is stuck: the worker is replaced (nginx waits 60 s).
timeout = 30
graceful_timeout = 30
keepalive = 5
# Replace workers now and then, so that a slow leak never grows for weeks. Not too often: a
# new worker imports the whole site again and starts with empty process caches (the page
# cache's copies, templates, URLs); at 2,000 requests, a busy worker was replaced every
# second and spent more time starting than serving (issue 16: make bench).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10

# The objects a worker keeps for its life — Django, Wagtail, the site's modules, then its
# templates, URLs and process caches as the first requests load them — set apart from the
# garbage collector (gc.freeze), after a collection has freed what is already garbage: a
# full collection walked them all, about 150 ms every few hundred topic pages, a fifth of the
# garbage collector's time and a pause for whoever waited on that worker (issue 16).
# With threads, a freeze may also set apart another request's objects still in use: at most
# three times in a worker's life, and what is not cyclic is freed as usual all the same.
FREEZE_AFTER_REQUESTS = (1, 100, 1_000)
# next() on a count is atomic: the request threads never skip nor repeat a freeze.
_served = itertools.count(1)


def _freeze():
    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    _freeze()


def post_request(worker, req, environ, resp):
    if next(_served) in FREEZE_AFTER_REQUESTS:
        _freeze()


# gunicorn 27 opens a control socket under ~/.gunicorn/ by default: not needed, and two
# instances on one machine would fight over it.
control_socket_disable = True

# Logs to the journal (systemd reads standard output and error).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Only nginx, on this machine, is believed about the scheme (X-Forwarded-Proto).
forwarded_allow_ips = "127.0.0.1,::1"
