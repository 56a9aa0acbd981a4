"""`pip install .` gives a working `annotator`: the wheel carries every package and data
file the app reads (default codebook, seeds, translations, migrations)."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.support.pdf_factory import make_pdf

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_installs_a_working_annotator_command(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(wheels), str(ROOT)],
                   check=True, cwd=tmp_path, capture_output=True)
    (wheel,) = wheels.glob("annotator-*.whl")
    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)
    bin_dir = fresh / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    # The dependencies come from the development environment (the lock), not the network.
    site = Path(subprocess.run([str(bin_dir / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    outside = tmp_path / "elsewhere"  # not the checkout: nothing may come from it
    outside.mkdir()
    helped = subprocess.run([str(bin_dir / "annotator"), "--help"], cwd=outside,
                            capture_output=True, text=True)
    assert helped.returncode == 0, helped.stderr
    assert "import" in helped.stdout
    (outside / "a.pdf").write_bytes(make_pdf(["保健師の増員に係る地方財政措置を行う。"]))
    imported = subprocess.run([str(bin_dir / "annotator"), "import", "p.annot", "a.pdf"],
                              cwd=outside, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    codes = subprocess.run([str(bin_dir / "annotator"), "codes", "p.annot", "--json"],
                           cwd=outside, capture_output=True, text=True)
    assert codes.returncode == 0, codes.stderr
    assert {c["key"] for c in json.loads(codes.stdout)} >= {"finance", "authority"}
    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "import annotator, resources; print(annotator.__file__);"
                            "print(resources.DEFAULT_CODEBOOK.exists())"],
                           cwd=outside, capture_output=True, text=True, check=True).stdout
    assert str(fresh) in where.splitlines()[0] and where.splitlines()[1] == "True"
    assert (bin_dir / "annotator-workbench").exists()
