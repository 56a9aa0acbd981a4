"""Data shipped with the app: default codebook, seed texts, translations, icons.

A package (not a loose folder) so that `pip install .` carries the files along and every
module finds them the same way, from a checkout or from an installed wheel.
"""

from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parent
DEFAULT_CODEBOOK: Final = ROOT / "default_codebook.json"
SEEDS: Final = ROOT / "seeds"
TRANSLATIONS: Final = ROOT / "translations"
