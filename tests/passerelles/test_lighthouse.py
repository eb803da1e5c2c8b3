"""`make lighthouse`: without Lighthouse it stops without failing (it is never part of `make
test`), and its table reads Lighthouse's reports, user pictures left out of the budget's column."""

from django.core.management import call_command

from passerelles.management.commands import lighthouse


def test_without_lighthouse_the_audit_is_skipped(monkeypatch, capsys):
    monkeypatch.delenv("LIGHTHOUSE", raising=False)
    monkeypatch.setattr(lighthouse.shutil, "which", lambda name: None)
    call_command("lighthouse")
    assert "Lighthouse is not installed; skipped." in capsys.readouterr().out


def report(requests):
    audits = {
        "network-requests": {"details": {"items": requests}},
        "largest-contentful-paint": {"numericValue": 1234.0},
        "total-blocking-time": {"numericValue": 56.0},
        "cumulative-layout-shift": {"numericValue": 0.0},
    }
    categories = {name: {"score": 1.0} for name in lighthouse.CATEGORIES}
    categories["best-practices"]["score"] = 0.96
    return {"audits": audits, "categories": categories, "lighthouseVersion": "12.8.2"}


def test_the_table_leaves_user_pictures_out_of_the_budget():
    found = lighthouse.summary(
        report(
            [
                {"url": "http://127.0.0.1/communaute/", "transferSize": 4096},
                {
                    "url": "http://127.0.0.1/static/js/live.js",
                    "transferSize": 2048,
                    "resourceType": "Script",
                },
                {"url": "http://127.0.0.1/communaute/monogrammes/1/M5.svg", "transferSize": 1024},
                {"url": "http://127.0.0.1/media/avatars/a.webp", "transferSize": 1024},
            ]
        )
    )
    table = lighthouse.table([("community home", "membre", found)])
    assert (
        "| community home | membre | 100 | 100 | 96 | 100 | 1.2 | 56 | 0.000 | 8.0 | 6.0 | 1 |"
        in table
    )
