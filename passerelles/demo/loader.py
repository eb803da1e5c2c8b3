"""The demo's texts and data live in TOML files beside the code (data/<topic>.toml), so that
they read and change without Python around them; each seeding module loads its own."""

import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load(topic):
    """data/<topic>.toml, as dicts and lists."""
    with (DATA_DIR / f"{topic}.toml").open("rb") as file:
        return tomllib.load(file)
