"""`python -m bench [import] [memory] [search] [extraction]`: run the benchmarks, print, save JSON.

Every ratio compares the app with a baseline measured in the same run on the same
files, so the numbers stay meaningful on any machine.  Results also go to
``bench-results/latest.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import (
    agreement,
    batch,
    columns,
    export,
    extraction,
    gui_page,
    gui_workbench,
    import_time,
    memory,
    ocr,
    qdpx,
    search,
    tables,
    team,
)
from bench.common import REPO, Context, Result

BENCHMARKS: dict[str, Callable[[Context], Result]] = {
    "import": import_time.run,
    "memory": memory.run,
    "search": search.run,
    "extraction": extraction.run,
    "tables": tables.run,
    "columns": columns.run,
    "gui_page": gui_page.run,
    "workbench": gui_workbench.run,
    "export": export.run,
    "agreement": agreement.run,
    "qdpx": qdpx.run,
    "ocr": ocr.run,
    "team": team.run,
    "batch": batch.run,
}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _finite(value: Any) -> Any:
    """NaN and infinity (crashed or empty measurements) become null: strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    parser.add_argument("--repeats", type=int, default=3,
                        help="timed repeats per measurement (default 3)")
    parser.add_argument("--output", type=Path, default=REPO / "bench-results" / "latest.json",
                        help="where to write the JSON results")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (generated PDFs, project files)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        choices = ", ".join(BENCHMARKS)
        parser.error(f"unknown benchmark {', '.join(unknown)} (choose from {choices})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    names = args.names or list(BENCHMARKS)
    started = time.perf_counter()
    meta: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "pymupdf": _version("PyMuPDF"),
        "sudachipy": _version("SudachiPy"),
        "sqlalchemy": _version("SQLAlchemy"),
        "repeats": args.repeats,
        "load": os.getloadavg(),
    }
    print(f"bench: {', '.join(names)}  ({meta['machine']}, Python {meta['python']}, "
          f"PyMuPDF {meta['pymupdf']}, SudachiPy {meta['sudachipy']}, "
          f"load {meta['load'][0]:.2f})", flush=True)
    results: dict[str, Any] = {}
    targets = []
    seconds: dict[str, float] = {}
    failed: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        ctx = Context(workdir, repeats=args.repeats)
        for name in names:
            print(f"\n=== {name} " + "=" * (70 - len(name)), flush=True)
            begun = time.perf_counter()
            try:
                result = BENCHMARKS[name](ctx)
            except Exception as err:  # noqa: BLE001 - one broken benchmark must not hide the rest
                traceback.print_exc(limit=-8)
                failed.append(name)
                results[name] = {"error": f"{type(err).__name__}: {err}"}
                continue
            finally:
                seconds[name] = time.perf_counter() - begun
            print(result.render())
            print(f"({name}: {seconds[name]:.1f} s)", flush=True)
            results[name] = dataclasses.asdict(result)  # type: ignore[call-overload]
            targets.extend(result.targets())
    finally:
        if args.keep:
            print(f"\nkept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    meta["seconds"] = {**seconds, "total": time.perf_counter() - started}
    print("\n=== targets " + "=" * 64)
    for target in targets:
        print(target.line())
    print(f"\ntotal run time {meta['seconds']['total']:.1f} s; load average at the start "
          f"{meta['load'][0]:.2f}, at the end {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
          "(a load above the CPU count means a noisy run: compare ratios, not times)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    payload = {"meta": meta, "targets": [dataclasses.asdict(t) | {"met": t.met} for t in targets],
               "results": results}
    args.output.write_text(json.dumps(_finite(payload), ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    print(f"results written to {args.output}")
    if failed:
        print(f"FAILED (crashed): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
