"""How long opening and exporting a large enrollments.csv takes, and how much memory it needs.

    python bench/bench_open.py [ROWS] [--quoted] [--keep] [--chunk=CHARS]

Generates a synthetic enrollments.csv (bench/gen_enrollments.py; 1,000,000 rows is about 77 MB),
then measures, each in a fresh subprocess so the figures do not disturb each other:

* read_csv_bytes: wall time (best of 3) and peak resident memory above the process baseline
  (ru_maxrss, with the file's bytes already in memory, so the figure is what the table store adds);
* export_csv_bytes of the loaded table: wall time;
* load_roster on the file (reading from disk plus everything the loader does), best of 3.

Targets from issue 2: open under 1 s and under 4x the file size in memory.

    python bench/bench_open.py --district [ENROLLMENTS]

Writes the synthetic district (bench/synth.py; 1,000,000 enrollments is about 107 MB) and prints
the peak memory of opening it as a multiple of its size, each in a fresh subprocess: from the
command line (load_roster and check_roster) and in the window (offscreen: opened, checked, the
re-check indexes built).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: both child scripts measure their own peak this way (ru_maxrss keeps the parent's peak across
#: fork and exec)
_RSS_MB = r"""
def rss_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_CHILD = r"""
import gc, json, resource, sys, time
sys.path.insert(0, {root!r})
from core.io.csvread import read_csv_bytes
from core.io.csvwrite import export_csv_bytes
from core.io.load import load_roster
import core.io.csvsplit as csvsplit
path, what = sys.argv[1], sys.argv[2]
if len(sys.argv) > 3:
    csvsplit.CHUNK_CHARS = int(sys.argv[3])
{rss_mb}out = {{}}
if what == "read":
    data = open(path, "rb").read()
    gc.collect()
    base = rss_mb()
    t = time.perf_counter()
    table, findings = read_csv_bytes(data, "enrollments.csv")
    out["seconds"] = time.perf_counter() - t
    out["peak_mb"] = rss_mb()
    out["base_mb"] = base
    out["rows"] = table.nrows
    out["findings"] = len(findings)
    del data
    t = time.perf_counter()
    blob = export_csv_bytes(table)
    out["export_seconds"] = time.perf_counter() - t
    out["export_mb"] = len(blob) / 1e6
elif what == "load":
    base = rss_mb()
    t = time.perf_counter()
    roster = load_roster([path])
    out["seconds"] = time.perf_counter() - t
    out["peak_mb"] = rss_mb()
    out["base_mb"] = base
    out["rows"] = roster.tables[0].nrows
print(json.dumps(out))
"""


_DISTRICT_CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
folder, what = sys.argv[1], sys.argv[2]
{rss_mb}out = {{}}
if what == "cli":
    from core.checks import check_roster
    from core.io.load import load_roster
    base = rss_mb()
    t = time.perf_counter()
    roster = load_roster([folder])
    out["load_mb"] = rss_mb() - base
    findings = check_roster(roster)
    out["seconds"] = time.perf_counter() - t
    out["peak_mb"] = rss_mb() - base
else:
    import tempfile
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    data = tempfile.TemporaryDirectory(prefix="rosterprep-bench-data-")
    os.environ["ROSTERPREP_DATA_DIR"] = data.name
    from gui.app.main_window import MainWindow
    w = MainWindow()
    w.resize(1400, 800)
    w.show()
    app.processEvents()
    base = rss_mb()
    t = time.perf_counter()
    state = {{"busy": False}}
    def tick():
        doc = w.document
        if doc is not None and w.busy:
            state["busy"] = True
        if (doc is not None and state["busy"] and not w.busy) or time.perf_counter() - t > 300:
            app.quit()
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(tick)
    timer.start()
    w.open_paths([folder])
    app.exec()
    out["seconds"] = time.perf_counter() - t
    out["peak_mb"] = rss_mb() - base
    w._drop_document()
print(json.dumps(out))
"""


def district(argv: list[str]) -> None:
    """Peak memory of opening the synthetic district, from the command line and in the window."""
    from synth import write

    args = [a for a in argv if not a.startswith("--")]
    enrollments = int(args[0]) if args else 1_000_000
    folder = tempfile.mkdtemp(prefix="rosterprep-district-")
    paths = write(folder, enrollments=enrollments, users=max(100, enrollments // 10), classes=max(50, enrollments // 20))
    size_mb = sum(os.path.getsize(p) for p in paths) / 2**20
    print(f"district: {enrollments:,} enrollments, {size_mb:.0f} MB in {len(paths)} files")
    code = _DISTRICT_CHILD.format(root=str(ROOT), rss_mb=_RSS_MB)
    for what, label in (("cli", "command line (load + check)"), ("window", "window (open + check)")):
        res = subprocess.run([sys.executable, "-c", code, folder, what], capture_output=True, text=True, check=True)
        out = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"{label:28} {out['seconds']:6.1f} s, peak +{out['peak_mb']:.0f} MB = {out['peak_mb'] / size_mb:.1f}x the district")
    for p in paths:
        os.remove(p)
    os.rmdir(folder)


def _run(path: str, what: str, chunk: int | None = None) -> dict[str, float]:
    code = _CHILD.format(root=str(ROOT), rss_mb=_RSS_MB)
    extra = [str(chunk)] if chunk else []
    res = subprocess.run([sys.executable, "-c", code, path, what, *extra], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if "--district" in argv:
        district(argv)
        return
    from gen_enrollments import generate

    args = [a for a in argv if not a.startswith("--")]
    rows = int(args[0]) if args else 1_000_000
    quoted = "--quoted" in argv
    tmp = tempfile.mkdtemp(prefix="rosterprep-bench-")
    path = os.path.join(tmp, "enrollments.csv")
    t = time.perf_counter()
    data = generate(rows, quoted=quoted)
    Path(path).write_bytes(data)
    size_mb = len(data) / 1e6
    del data
    print(f"generated {rows:,} rows{' (every field quoted)' if quoted else ''}: {size_mb:.1f} MB in {time.perf_counter() - t:.1f} s")

    chunk = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--chunk=")), None)
    if chunk:
        print(f"fast path chunk size: {chunk:,} characters (csvsplit.CHUNK_CHARS overridden)")
    reads = [_run(path, "read", chunk) for _ in range(3)]
    best = min(reads, key=lambda r: r["seconds"])
    added = max(r["peak_mb"] - r["base_mb"] for r in reads)
    every = ", ".join(f"{r['seconds']:.2f}" for r in reads)
    print(f"read_csv_bytes:   {best['seconds']:.2f} s (best of 3; all: {every})")
    print(f"  memory:         +{added:.0f} MB over the file's bytes ({added / size_mb:.1f}x the file), peak RSS {best['peak_mb']:.0f} MB")
    print(f"  rows: {best['rows']:,}, findings: {best['findings']}")
    print(f"export_csv_bytes: {min(r['export_seconds'] for r in reads):.2f} s ({best['export_mb']:.1f} MB)")
    loads = [_run(path, "load", chunk) for _ in range(3)]
    load = min(loads, key=lambda r: r["seconds"])
    every = ", ".join(f"{r['seconds']:.2f}" for r in loads)
    print(f"load_roster:      {load['seconds']:.2f} s from disk (best of 3; all: {every}), peak RSS {load['peak_mb']:.0f} MB "
          f"(+{load['peak_mb'] - load['base_mb']:.0f} MB, {(load['peak_mb'] - load['base_mb']) / size_mb:.1f}x the file)")
    if "--keep" in argv:
        print(f"file kept at {path}")
    else:
        os.remove(path)
        os.rmdir(tmp)


if __name__ == "__main__":
    main(sys.argv[1:])
