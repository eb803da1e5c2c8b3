"""The files of deploy/ hold together: the renderer, gunicorn's configuration, the units."""

import configparser
import re

import pytest
from django.core.management import get_commands
from gunicorn.config import Config

from tests.deploy.conftest import DEPLOY, render_module

SITE = (DEPLOY / "nginx" / "passerelles.conf").read_text()


def test_render_fills_every_placeholder_and_leaves_nginx_variables_alone():
    values = {name: f"<{name}>" for name in render_module.placeholders(SITE)}
    rendered = render_module.render(SITE, values)
    assert "${" not in rendered
    assert "return 301 <SITE_URL>$request_uri;" in rendered
    assert "proxy_set_header Host $host;" in rendered


def test_render_refuses_a_site_with_a_placeholder_left_empty():
    values = {name: "x" for name in render_module.placeholders(SITE) if name != "MEDIA_ROOT"}
    with pytest.raises(KeyError, match="MEDIA_ROOT"):
        render_module.render(SITE, values)


def test_every_placeholder_is_explained_at_the_top_of_the_site():
    header = SITE.split("\n\n", 1)[0]
    for name in render_module.placeholders(SITE):
        assert re.search(rf"^#\s+{name}\s", header, re.MULTILINE), name


def test_gunicorn_configuration_loads_without_a_control_socket():
    config = Config()
    namespace = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)  # as gunicorn reads it
    for key, value in namespace.items():
        if key in config.settings:
            config.set(key, value)
    assert config.control_socket_disable is True
    assert config.worker_class_str == "gthread"
    assert config.bind == ["127.0.0.1:8000"]
    assert config.wsgi_app == "passerelles.wsgi:application"


def test_each_gunicorn_worker_sets_its_lasting_objects_apart_from_the_garbage_collector():
    """At start, then once its first requests have loaded templates and caches, the worker's
    objects are frozen (deploy/gunicorn.conf.py): full collections no longer walk them."""
    import gc
    import threading

    namespace = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)
    config = Config()
    for hook in ("post_worker_init", "post_request"):
        config.set(hook, namespace[hook])  # gunicorn checks each hook's arguments
    try:
        namespace["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    served, frozen_at = [], []
    namespace["_freeze"] = lambda: frozen_at.append(len(served))

    def serve():
        for _ in range(500):
            served.append(1)  # before the hook, as gunicorn calls it after each request
            namespace["post_request"](None, None, {}, None)

    # Four request threads of a gthread worker: each freeze happens once, none is skipped.
    threads = [threading.Thread(target=serve) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(frozen_at) == 3


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(DEPLOY / "systemd" / f"passerelles-{name}.service")
    return parser


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("web", "gunicorn --config deploy/gunicorn.conf.py"),
        ("worker", "manage.py db_worker"),
        ("scheduler", "manage.py run_scheduler"),
    ],
)
def test_each_unit_runs_its_command_with_the_environment_file(name, command):
    service = unit(name)["Service"]
    assert service["ExecStart"].endswith(command)
    assert service["EnvironmentFile"] == "/etc/passerelles/env"
    assert service["User"] == "passerelles"
    assert service["NoNewPrivileges"] == "yes"


def test_the_worker_command_exists():
    assert "db_worker" in get_commands()


def test_the_asgi_unit_runs_uvicorn_on_loopback_with_the_environment_file():
    service = unit("asgi")["Service"]
    command = service["ExecStart"]
    assert command.startswith("/srv/passerelles/app/.venv/bin/uvicorn passerelles.asgi:application")
    assert "--host 127.0.0.1 --port 8001" in command
    assert service["EnvironmentFile"] == "/etc/passerelles/env"
    assert service["User"] == "passerelles"
    assert service["NoNewPrivileges"] == "yes"


def test_nginx_sends_the_live_streams_to_uvicorn_unbuffered_and_uncompressed():
    block = SITE.split("location ^~ /direct/ {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://passerelles_live;" in block
    for directive in (
        "proxy_http_version 1.1;",
        "proxy_buffering off;",
        "gzip off;",
        "proxy_read_timeout 120s;",
    ):
        assert directive in block, directive
    assert "${LIVE_SERVERS}" in SITE
