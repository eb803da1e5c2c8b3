from unittest import mock

from django.db import DatabaseError


def test_health_answers_200_with_json_when_the_database_answers(client, db):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client, db):
    with mock.patch("passerelles.core.views.connection.cursor", side_effect=DatabaseError):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
