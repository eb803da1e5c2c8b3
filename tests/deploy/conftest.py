"""Serve the project the way deploy/ says: gunicorn (deploy/gunicorn.conf.py) behind nginx
(deploy/nginx/passerelles.conf, rendered by deploy/render.py), on loopback ports of their own.

Each process gets its own configuration, prefix, pid file and logs under a temporary folder:
nothing depends on, or touches, a system nginx. Every wait is bounded, and every process is
stopped at teardown whatever happened.
"""

import importlib.util
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.database import database_url

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
requires_nginx = pytest.mark.skipif(
    NGINX is None,
    reason="nginx is not installed (apt-get install -y nginx; .ci/run installs it)",
)
STARTUP_TIMEOUT = 60  # seconds: gunicorn imports Django and Wagtail on a loaded machine

_spec = importlib.util.spec_from_file_location("deploy_render", DEPLOY / "render.py")
render_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_module)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, process, what, timeout=STARTUP_TIMEOUT):
    """Poll `ready()` until it holds, the process dies (fail at once) or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"{what} stopped (exit {process.returncode}) before it was ready")
    raise RuntimeError(f"{what} was not ready within {timeout} s")


def stop(process, timeout=15):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def certificate(folder):
    """A self-signed certificate for localhost (openssl, as an operator would for a test)."""
    cert, key = folder / "localhost.crt", folder / "localhost.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


def collect_static(folder, environment):
    """collectstatic as production runs it: hashed names (the manifest) and .gz files."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**environment, "STATIC_ROOT": str(folder)},
        check=True,
        timeout=300,
    )


def app_environment(*, site_url, static_root, media_root, **extra):
    """The environment of deploy/.env.example, with this test's addresses and folders."""
    from django.conf import settings

    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "GUNICORN_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "passerelles.settings.base",
            # The test process's key: a session it writes is valid for the servers.
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",
            "SITE_URL": site_url,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": site_url,
            "DATABASE_URL": database_url(),
            "DATABASE_POOL_MAX_SIZE": "2",
            "CACHE_URL": "",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "PRIVATE_MEDIA_ACCEL_REDIRECT": "/_prive/",
            "BEHIND_HTTPS_PROXY": "1",
            "TRUSTED_PROXY_COUNT": "1",
            "SECURE_SSL_REDIRECT": "1",
            "SECURE_COOKIES": "1",
            "SECURE_HSTS_SECONDS": "31536000",
            "EMAIL_URL": "locmem://",
            "LINK_PREVIEWS_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "2",
            "GUNICORN_LOG_LEVEL": "warning",
        }
    )
    environment.update(extra)
    return environment


def start_gunicorn(stack, environment, port, log):
    environment = {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config", str(DEPLOY / "gunicorn.conf.py"),
            # Never the deployed one's: this process only.
            "--pid", str(log.with_suffix(".pid")),
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    stack.callback(stop, process)
    wait_until(lambda: healthy(port), process, f"gunicorn on port {port} (log: {log})")
    return process


def start_uvicorn(stack, environment, port, log):
    """The live updates' server as deploy/systemd/passerelles-asgi.service starts it."""
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "uvicorn"), "passerelles.asgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--no-server-header",
            "--timeout-graceful-shutdown", "1", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    stack.callback(stop, process)
    wait_until(lambda: healthy(port), process, f"uvicorn on port {port} (log: {log})")
    return process


def healthy(port):
    try:
        with urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{port}/sante/", headers={"X-Forwarded-Proto": "https"}
            ),
            timeout=2,
        ) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def start_nginx(stack, folder, values):
    """nginx with its own main configuration, prefix and pid file, and the rendered site."""
    site = folder / "site.conf"
    site.write_text(
        render_module.render((DEPLOY / "nginx" / "passerelles.conf").read_text(), values)
    )
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
        (folder / temp).mkdir(exist_ok=True)
    # As root, nginx's workers would drop to "nobody", who cannot read pytest's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {folder}/logs/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""
    )
    command = [NGINX, "-p", str(folder), "-c", str(main), "-e", str(folder / "logs/error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stack.callback(stop, process)
    port = int(values["HTTPS_LISTEN"].rsplit(":", 1)[1])

    def listening():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    wait_until(listening, process, f"nginx (log: {folder}/logs/error.log)", timeout=30)
    return process


def tls_context(cert):
    context = ssl.create_default_context(cafile=str(cert))
    return context


@pytest.fixture(scope="module")
def deploy_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy")
    for name in ("nginx", "media", "logs"):
        (folder / name).mkdir()
    return folder


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, deploy_folder):
    """Start the site's processes for a test module; `served(...)` is called by the module's
    own fixture with its gunicorn ports and extra environment. live=True starts uvicorn too,
    for /direct/ (passerelles-asgi.service); otherwise nginx sends /direct/ to gunicorn."""
    with ExitStack() as stack:

        def serve(app_ports, *, live=False, **extra):
            https_port, http_port = free_port(), free_port()
            site_url = f"https://localhost:{https_port}"
            cert, key = certificate(deploy_folder)
            static_root = deploy_folder / "static"
            environment = app_environment(
                site_url=site_url,
                static_root=static_root,
                media_root=deploy_folder / "media",
                **extra,
            )
            collect_static(static_root, environment)
            for port in app_ports:
                start_gunicorn(stack, environment, port, deploy_folder / "logs" / f"{port}.log")
            live_port = free_port() if live else None
            if live:
                log = deploy_folder / "logs" / f"{live_port}.log"
                start_uvicorn(stack, environment, live_port, log)
            values = {
                "SITE_URL": site_url,
                "SERVER_NAME": "localhost",
                "HTTP_LISTEN": f"127.0.0.1:{http_port}",
                "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
                "APP_SERVERS": " ".join(f"server 127.0.0.1:{port};" for port in app_ports),
                "LIVE_SERVERS": " ".join(
                    f"server 127.0.0.1:{port};" for port in ([live_port] if live else app_ports)
                ),
                "TLS_CERTIFICATE": str(cert),
                "TLS_CERTIFICATE_KEY": str(key),
                "STATIC_ROOT": str(static_root),
                "MEDIA_ROOT": str(deploy_folder / "media"),
            }
            start_nginx(stack, deploy_folder / "nginx", values)
            return {
                "site_url": site_url,
                "https_port": https_port,
                "http_port": http_port,
                "app_ports": app_ports,
                "live_port": live_port,
                "cert": cert,
                "static_root": static_root,
                "media_root": deploy_folder / "media",
                "environment": environment,
            }

        yield serve


def member_who_signs_in(**fields):
    """A member whose password the servers can check: they run the production hashers, not the
    suite's MD5 (PBKDF2 at few iterations keeps it fast; Django upgrades it at sign-in)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tests.communaute.factories import PASSWORD, MemberFactory

    member = MemberFactory(**fields)
    member.password = PBKDF2PasswordHasher().encode(PASSWORD, "deploytestsalt", iterations=1000)
    member.save(update_fields=["password"])
    return member


def sign_in(session, base, email, *, password=None, verify=True, headers=None):
    """allauth's sign-in form, as a browser posts it (CSRF token, Origin and Referer)."""
    from tests.communaute.factories import PASSWORD

    login = f"{base}/comptes/login/"
    page = session.get(login, verify=verify, timeout=30, headers=headers)
    assert page.status_code == 200, page.status_code
    token = next(cookie.value for cookie in session.cookies if cookie.name.endswith("csrftoken"))
    return session.post(
        login,
        data={"login": email, "password": password or PASSWORD, "csrfmiddlewaretoken": token},
        headers={
            "Origin": base.replace("http://", "https://"),
            "Referer": login,
            **(headers or {}),
        },
        verify=verify,
        allow_redirects=False,
        timeout=30,
    )
