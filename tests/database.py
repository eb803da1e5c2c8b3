"""The address of pytest-django's test database, for processes a test starts itself."""

from urllib.parse import quote


def database_url():
    """pytest-django's test database, for the servers started here (they see committed rows)."""
    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    # A socket folder (the project's own server, passerelles/localdb.py) is written quoted.
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
