"""Events of people with no account yet wait, and attach when an account export names them."""

from __future__ import annotations

import json

from tests.test_log_formats import epoch_ms


def test_events_of_unknown_people_wait_and_are_attached_by_a_later_account_export(loaded):
    wh = loaded
    logs = wh.write(
        "e.jsonl",
        "".join(
            json.dumps(e) + "\n"
            for e in [
                {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 06:00:00"), "userId": "u-new-9"},
                {
                    "event-type": "ACCESS",
                    "module": "Blog",
                    "date": epoch_ms("2025-09-09 06:05:00"),
                    "userId": "u-new-9",
                },
                {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 06:00:00"), "userId": "u-ens-1"},
            ]
        ),
    )
    cas = wh.write(
        "cas.log", "Tue Sep 09 18:00:00 CEST 2025,CAS,x,AUTHENTICATION_SUCCESS,new.login,192.0.2.1,198.51.100.5\n"
    )

    assert wh.ingest("logs", logs, cas) == 0
    assert wh.value("SELECT count(*) FROM evenements") == 1
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 3
    assert "dont 2 évènements en attente d'un compte" in wh.last_output
    assert wh.ingest("status") == 0
    assert "Évènements en attente d'un compte : 3 (2 personnes" in wh.last_output

    folder = wh.root / "new-accounts"
    folder.mkdir()
    (folder / "comptes.csv").write_text(
        "id;login;uai;profil\nu-ens-1;claire.fontaine;0381001G;Teacher\nu-new-9;new.login;0381002H;ELEVE\n"
    )
    assert wh.ingest("reference", folder, "--date", "2025-09-10") == 0, wh.last_output

    assert "3 évènements en attente rattachés à leur compte" in wh.last_output
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 0
    assert wh.value("SELECT count(DISTINCT compte) FROM evenements") == 2
    assert wh.value("SELECT count(*) FROM evenements e JOIN comptes c USING (compte) WHERE c.profil = 'eleve'") == 3


def test_a_waiting_event_loaded_again_is_still_one_event(loaded):
    wh = loaded
    line = (
        json.dumps({"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 06:00:00"), "userId": "u-x"})
        + "\n"
    )
    assert wh.ingest("logs", wh.write("a.jsonl", line)) == 0
    assert wh.ingest("logs", wh.write("b.jsonl", line + line)) == 0
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 1
