"""Members' file names as they are kept and shown: nothing that reorders or hides text."""

import pytest

from passerelles.core.files import clean_file_name


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("compte-rendu.pdf", "compte-rendu.pdf"),
        ("Procès-verbal été 2026.pdf", "Procès-verbal été 2026.pdf"),
        ("ᐃᓄᒃᑎᑐᑦ.pdf", "ᐃᓄᒃᑎᑐᑦ.pdf"),
        ("تقرير.pdf", "تقرير.pdf"),
        ("famille 👩\u200d👩\u200d👧.pdf", "famille 👩\u200d👩\u200d👧.pdf"),
        ("e\u0301te\u0301.pdf", "été.pdf"),  # composed, as typed on another system
        # Right-to-left override: "facture\u202eFDP.exe" shows as "factureexe.PDF".
        ("facture\u202eFDP.exe", "factureFDP.exe"),
        ("a\u202ab\u202bc\u202cd\u202de.pdf", "abcde.pdf"),
        ("\u2066isolé\u2067\u2068\u2069.pdf", "isolé.pdf"),
        ("marque\u200e\u200f\u061c.pdf", "marque.pdf"),
        ("nul\x00octet.pdf", "nuloctet.pdf"),
        ("cloche\x07\x1b[31mrouge.pdf", "cloche[31mrouge.pdf"),
        ("suppr\x7f\x9b.pdf", "suppr.pdf"),
        ("deux\nlignes\r\n.pdf", "deux lignes .pdf"),
        ("tab\tulation.pdf", "tab ulation.pdf"),
        ("sépar\u2028ateur\u2029.pdf", "sépar ateur .pdf"),
        ("espace\u00a0insécable  double.pdf", "espace insécable double.pdf"),
        ("invisible\u200b\ufeff\u2060\u00ad.pdf", "invisible.pdf"),
        ("privé\ue000.pdf", "privé.pdf"),
        ("dossier/sous-dossier/fichier.pdf", "fichier.pdf"),
        ("C:\\Documents\\fichier.pdf", "fichier.pdf"),
        ("  espaces autour  ", "espaces autour"),
        ("\u202e\u200f\x00", ""),
        ("a" * 300 + ".pdf", "a" * 150),
    ],
)
def test_file_names_keep_what_reads_and_lose_what_hides(typed, kept):
    assert clean_file_name(typed) == kept
