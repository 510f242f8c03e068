"""Build Roster Prep for this machine into dist/RosterPrep/, smoke-test it, measure it.

    python packaging/build.py            # build, smoke-test, measure, (Linux/Windows) compile the installer
    python packaging/build.py --no-build # re-test and re-measure the existing dist/RosterPrep/

Steps, each printed as it runs; the exit status is 0 only if every required step passed:
1. PyInstaller with packaging/rosterprep.spec (one folder, windowed; rosterprep-cli.exe beside it on Windows).
2. A headless sub-command of the frozen program: ``check`` on the bundled sample roster, then on a
   cp1252 CSV and an Excel workbook (chardet, openpyxl and defusedxml must be bundled).
3. The smoke test: the frozen program with ``--smoke-test`` and QT_QPA_PLATFORM=offscreen builds its
   main window, opens the bundled sample roster, checks it and exits 0. Timed from process start
   to the main window's first paint (reported by packaging/entry.py's probe) and as a whole: the
   first run (on Linux with the built files evicted from the file cache) is the cold start, then
   the best of two more runs the warm start. On Windows the windowed RosterPrep.exe is
   smoke-tested as well.
4. The folder size (Linux target: under 300 MB) and its largest files; on Linux also that every
   bundled library finds the libraries it links to (in the folder or on this system).
5. makensis -WX on packaging/installer.nsi against the built folder, when makensis is installed
   (Linux: Debian's ``nsis`` package; Windows: NSIS in Program Files). Nothing is installed for you.
The figures also go to dist/build-report.json and, under GitHub Actions, to the job summary.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "rosterprep.spec"
NSI = ROOT / "packaging" / "installer.nsi"
DIST = ROOT / "dist"
WORK = ROOT / "build"
APP = DIST / "RosterPrep"
SIZE_TARGET_MB = {"linux": 300}
START_TARGET_S = 2.0
SMOKE_TIMEOUT_S = 120


def log(msg: str) -> None:
    """One progress line, flushed at once so CI logs interleave correctly."""
    print(msg, flush=True)


def project_version() -> str:
    """The version in pyproject.toml (the same one the spec puts into the Windows resource)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("build.py: no version in pyproject.toml")
    return match.group(1)


def frozen_exe(console: bool = False) -> Path:
    """The built executable; on Windows the console twin when the output must be read."""
    if sys.platform == "win32":
        return APP / ("rosterprep-cli.exe" if console else "RosterPrep.exe")
    return APP / "RosterPrep"


def venv_python() -> Path:
    """The checkout's own .venv interpreter (scripts/setup.sh creates it)."""
    return ROOT / ".venv" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def run_pyinstaller() -> None:
    """Step 1: the one-folder build, from a clean work folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        here = venv_python()
        if here.is_file() and Path(sys.executable).resolve() != here.resolve():
            log(f"build.py: PyInstaller is not installed for {sys.executable}; using {here}")
            raise SystemExit(subprocess.call([str(here), str(Path(__file__).resolve()), *sys.argv[1:]])) from None
        raise SystemExit(
            f"build.py: PyInstaller is not installed for {sys.executable}.\n"
            "Install the build tools into the checkout's .venv first:  .venv/bin/python -m pip install -e '.[build]'\n"
            "(Windows: .venv\\Scripts\\python -m pip install -e .[build]), then run this again."
        ) from None
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
           "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    log("== 1. PyInstaller: " + " ".join(cmd))
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    log(f"   built {APP} in {time.perf_counter() - started:.0f} s")


def frozen_env(data_dir: Path) -> dict[str, str]:
    """Environment for a headless run with a throw-away data folder (the user's own is untouched)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["ROSTERPREP_DATA_DIR"] = str(data_dir)
    env.pop("PYTHONPATH", None)  # the frozen program must stand on its own
    return env


def run_frozen(
    args: list[str], data_dir: Path, probe: bool = False
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the frozen program once; returns the finished process and its wall time in seconds.

    With ``probe`` the program prints when its first window painted (packaging/entry.py), as
    seconds since this function started it: ``proc.shown_s``.
    """
    env = frozen_env(data_dir)
    if probe:
        env["ROSTERPREP_STARTUP_PROBE"] = "1"
    spawned = time.time()
    started = time.perf_counter()
    proc = subprocess.run(
        [str(frozen_exe(console=True)), *args],
        cwd=tempfile.gettempdir(),  # not the checkout: nothing may be found there by accident
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=SMOKE_TIMEOUT_S,
    )
    wall = time.perf_counter() - started
    painted = re.search(r"startup probe: window painted at ([\d.]+)", proc.stdout)
    proc.shown_s = float(painted.group(1)) - spawned if painted else None  # type: ignore[attr-defined]
    return proc, wall


def show_failure(proc: subprocess.CompletedProcess[str], data_dir: Path) -> None:
    """Everything that helps see why a frozen run failed: its output and its log file."""
    log(f"   exit status {proc.returncode}")
    for name, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        if text.strip():
            log(f"   --- {name} ---\n" + text.rstrip())
    for path in sorted(data_dir.rglob("*.log")):
        log(f"   --- {path.name} ---\n" + path.read_text(encoding="utf-8", errors="replace").rstrip())


def headless_check(data_dir: Path) -> bool:
    """Step 2: ``check`` on the sample roster: exit 0 or 1 (findings) means the core is bundled."""
    sample = APP / "_internal" / "resources" / "sample"
    if not sample.is_dir():
        sample = ROOT / "resources" / "sample"
    log(f"== 2. Headless: {frozen_exe(console=True).name} check {sample}")
    proc, seconds = run_frozen(["check", str(sample)], data_dir)
    if proc.returncode in (0, 1) and proc.stdout.strip():
        last = proc.stdout.strip().splitlines()[-1]
        log(f"   ok ({seconds:.2f} s): {last}")
        return True
    show_failure(proc, data_dir)
    return False


def windowed_smoke_test(data_dir: Path) -> bool:
    """Step 3b (Windows): the windowed RosterPrep.exe, started detached as a double-click would.

    With no console and no inherited handles it has no stdout; the smoke-test line must reach the
    logs in the data folder (gui/app/startup.py's rosterprep.log, packaging/entry.py's console.log).
    """
    log(f"== 3b. Windowed smoke test: {frozen_exe().name} --smoke-test (no console; result read from the logs)")
    started = time.perf_counter()
    code = subprocess.call(
        [str(frozen_exe()), "--smoke-test"],
        cwd=tempfile.gettempdir(),
        env=frozen_env(data_dir),
        stdin=subprocess.DEVNULL,
        creationflags=getattr(subprocess, "DETACHED_PROCESS", 0),
        close_fds=True,
        timeout=SMOKE_TIMEOUT_S,
    )
    seconds = time.perf_counter() - started
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(data_dir.rglob("*.log")))
    if code == 0 and "smoke test OK" in logs:
        log(f"   ok ({seconds:.2f} s)")
        return True
    log(f"   exit status {code}\n{logs.rstrip()}")
    return False


def write_mixed_roster(folder: Path) -> list[Path]:
    """A cp1252 users.csv and a classes.xlsx: make the frozen program use chardet and openpyxl."""
    users = folder / "users.csv"
    names = ["Jos\u00e9 N\u00fa\u00f1ez", "Zo\u00eb Fran\u00e7ois", "Ren\u00e9e M\u00fcller", "Andr\u00e9 Ga\u00ebl"]
    rows = "".join(f"u-{i},active,student,{n.split()[0]},{n.split()[1]},00012{i},09\r\n" for i, n in enumerate(names))
    users.write_bytes(("sourcedId,status,role,givenName,familyName,identifier,grades\r\n" + rows).encode("cp1252"))
    paths = [users]
    try:
        import openpyxl
    except ImportError:  # the build interpreter lacks it: the CSV half still runs
        return paths
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "classes"
    ws.append(["sourcedId", "status", "title", "grades", "classCode", "classType"])
    ws.append(["c-1", "active", "Fran\u00e7ais 1", "09", "FR1", "scheduled"])
    wb.save(folder / "classes.xlsx")
    return paths + [folder / "classes.xlsx"]


def headless_mixed_check(data_dir: Path) -> bool:
    """Step 2b: ``check`` a cp1252 CSV and a workbook, so a missing chardet/openpyxl piece shows."""
    folder = data_dir / "mixed"
    folder.mkdir(exist_ok=True)
    paths = write_mixed_roster(folder)
    log(f"== 2b. Headless: check {' '.join(p.name for p in paths)} (cp1252 text, Excel workbook)")
    proc, seconds = run_frozen(["check", *map(str, paths)], data_dir)
    expected = ["users.csv: 4 rows"] + (["classes.csv: 1 rows"] if len(paths) > 1 else [])
    users_line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("users.csv:")), "")
    if (proc.returncode in (0, 1) and "Traceback" not in proc.stderr
            and all(e in proc.stdout for e in expected) and "utf-8" not in users_line):  # chardet ran
        log(f"   ok ({seconds:.2f} s): " + "; ".join(proc.stdout.splitlines()[: len(paths)]))
        return True
    show_failure(proc, data_dir)
    return False


def evict_from_page_cache(folder: Path) -> bool:
    """Make the next start a cold one: drop the built files from the OS file cache (Linux only).

    posix_fadvise(DONTNEED) needs no privileges; system libraries stay cached, as they would be on
    a desktop that has been running for a while. Returns False where this is not possible.
    """
    if not hasattr(os, "posix_fadvise") or not sys.platform.startswith("linux"):
        return False
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)  # freshly written (dirty) pages cannot be dropped until they are on disk
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def smoke_test(data_dir: Path) -> dict[str, float | None] | None:
    """Step 3: ``--smoke-test`` three times; None if it fails, else the timings."""
    log(f"== 3. Smoke test: {frozen_exe(console=True).name} --smoke-test (QT_QPA_PLATFORM=offscreen)")
    walls: list[float] = []
    own: list[float | None] = []
    cold = evict_from_page_cache(APP)
    for attempt in range(3):
        proc, seconds = run_frozen(["--smoke-test"], data_dir, probe=True)
        if proc.returncode != 0:
            show_failure(proc, data_dir)
            return None
        walls.append(seconds)
        own.append(proc.shown_s)  # type: ignore[attr-defined]
        lines = [ln for ln in proc.stdout.strip().splitlines() if not ln.startswith("startup probe:")]
        if attempt == 0 and lines:
            log("   " + "\n   ".join(lines))
    result = {"cold_run_s": walls[0], "warm_run_s": min(walls[1:]),
              "cold_shown_s": own[0], "warm_shown_s": min((o for o in own[1:] if o is not None), default=None)}
    first = "cold (built files evicted from the file cache)" if cold else "first run after the build"
    log(f"   passed. Whole smoke run (start, window, open + check sample, exit): "
        f"{first} {walls[0]:.2f} s, then best warm {result['warm_run_s']:.2f} s")
    if own[0] is not None:
        log(f"   process start to first paint of the main window: {'cold' if cold else 'first'} {own[0]:.2f} s, "
            f"then best warm {result['warm_shown_s']:.2f} s")
    else:
        log("   (no first-paint time was reported, so the whole run is the upper bound)")
    start = own[0] if own[0] is not None else walls[0]
    verdict = "within" if start < START_TARGET_S else "OVER"
    log(f"   cold start {start:.2f} s: {verdict} the {START_TARGET_S:.0f} s target")
    return result


def folder_size(folder: Path) -> tuple[int, list[tuple[int, str]]]:
    """Bytes of every regular file under ``folder`` (links not followed) and the ten biggest."""
    files = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files.append((path.stat().st_size, path.relative_to(folder).as_posix()))
    files.sort(reverse=True)
    return sum(s for s, _ in files), files[:10]


def measure_size() -> tuple[float, bool]:
    """Step 4: print the one-folder size against this platform's target."""
    total, biggest = folder_size(APP)
    mb = total / 1_000_000
    target = SIZE_TARGET_MB.get("linux" if sys.platform.startswith("linux") else sys.platform)
    verdict = "" if target is None else (f" (target < {target} MB: " + ("ok)" if mb < target else "OVER)"))
    log(f"== 4. Size of {APP.name}/: {mb:.1f} MB{verdict}")
    for size, name in biggest:
        log(f"   {size / 1_000_000:7.1f} MB  {name}")
    return mb, target is None or mb < target


def unresolved_libraries() -> dict[str, list[str]]:
    """Linux: library name -> bundled files that link to it but for which ldd finds no copy."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return {}
    internal = APP / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    missing: dict[str, list[str]] = {}
    for path in sorted(internal.rglob("*.so*")):
        if not path.is_file() or path.is_symlink():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env, errors="replace").stdout
        for line in out.splitlines():
            users = missing.setdefault(line.split()[0], []) if "=> not found" in line else None
            if users is not None and path.relative_to(APP).as_posix() not in users:
                users.append(path.relative_to(APP).as_posix())
    return missing


def check_libraries() -> bool:
    """Step 4b (Linux): every bundled library's dependencies are bundled or on this system.

    A library that PySide6 ships but the folder lacks means the spec pruned too much: a failure.
    Others are system libraries this build machine lacks; they are reported, the user's system
    provides them (install them here before building to bundle them instead).
    """
    missing = unresolved_libraries()
    if not missing:
        return True
    import PySide6

    shipped = {p.name for p in Path(PySide6.__file__).parent.rglob("*.so*")}
    pruned_wrongly = sorted(name for name in missing if name in shipped)
    for name, users in sorted(missing.items()):
        kind = "PRUNED BY THE SPEC" if name in pruned_wrongly else "not on this build machine"
        log(f"   {name} ({kind}), needed by {', '.join(users[:3])}{' ...' if len(users) > 3 else ''}")
    return not pruned_wrongly


def find_makensis() -> str | None:
    """makensis on PATH, or in NSIS's usual Windows install folders."""
    found = shutil.which("makensis")
    if found:
        return found
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
            if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
                return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def compile_installer(version: str) -> tuple[str, float | None]:
    """Step 5: makensis -WX against the built folder. Returns (status, installer MB)."""
    if sys.platform == "darwin":
        log("== 5. Installer: skipped on macOS (the NSIS installer is for Windows)")
        return "skipped", None
    makensis = find_makensis()
    if makensis is None:
        hint = "sudo apt-get install nsis" if sys.platform.startswith("linux") else "choco install nsis -y"
        log(f"== 5. Installer: makensis not found, NSIS script NOT checked. Install NSIS ({hint}) and re-run.")
        return "makensis missing", None
    # A Linux build only proves the script compiles; its output is no Windows installer to ship.
    out_dir = DIST if sys.platform == "win32" else WORK
    out_dir.mkdir(parents=True, exist_ok=True)
    outfile = out_dir / f"RosterPrep-{version}-setup.exe"
    release = re.match(r"\d+(?:\.\d+)*", version)  # 1.2.0rc1 -> 1.2.0.0
    nums = ((release.group(0).split(".") if release else []) + ["0"] * 4)[:4]
    cmd = [makensis, "-WX", "-V2", f"-DVERSION={version}", f"-DVIVERSION={'.'.join(nums)}",
           f"-DSRCDIR={APP}", f"-DOUTFILE={outfile}", str(NSI)]
    log("== 5. Installer: " + " ".join(cmd))
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        log((proc.stdout + proc.stderr).rstrip())
        return "failed", None
    mb = outfile.stat().st_size / 1_000_000
    log(f"   compiled {outfile} ({mb:.1f} MB)")
    return "ok", mb


def write_report(report: dict[str, object]) -> None:
    """dist/build-report.json, plus a table in the GitHub Actions job summary when there is one."""
    DIST.mkdir(exist_ok=True)
    (DIST / "build-report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        rows = "\n".join(f"| {k} | {'' if v is None else (f'{v:.2f}' if isinstance(v, float) else v)} |"
                         for k, v in report.items())
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(f"### Roster Prep build ({report['platform']})\n\n| measure | value |\n|---|---|\n{rows}\n\n")


def main(argv: list[str] | None = None) -> int:
    """Run the steps; 0 only when everything required passed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="test and measure the existing dist/RosterPrep/")
    parser.add_argument("--no-installer", action="store_true", help="skip the NSIS step")
    args = parser.parse_args(argv)

    version = project_version()
    if not args.no_build:
        run_pyinstaller()
    if not frozen_exe().is_file():
        log(f"build.py: {frozen_exe()} does not exist; build first")
        return 1
    report: dict[str, object] = {"platform": sys.platform, "version": version}
    with tempfile.TemporaryDirectory(prefix="rosterprep-smoke-") as tmp:
        data_dir = Path(tmp)
        report["headless_check"] = "ok" if headless_check(data_dir) and headless_mixed_check(data_dir) else "failed"
        timings = smoke_test(data_dir)
        report["smoke_test"] = "ok" if timings else "failed"
        report.update(timings or {})
    if sys.platform == "win32":
        with tempfile.TemporaryDirectory(prefix="rosterprep-windowed-") as tmp:
            report["windowed_smoke_test"] = "ok" if windowed_smoke_test(Path(tmp)) else "failed"
    size_mb, size_ok = measure_size()
    report["folder_mb"] = size_mb
    libs_ok = check_libraries()
    report["libraries"] = "ok" if libs_ok else "missing"
    if args.no_installer:
        report["installer"] = "skipped"
    else:
        report["installer"], report["installer_mb"] = compile_installer(version)
    write_report(report)

    failed = [k for k in ("headless_check", "smoke_test", "windowed_smoke_test") if report.get(k, "ok") != "ok"]
    if not size_ok:
        failed.append("folder size")
    if not libs_ok:
        failed.append("libraries pruned by the spec")
    if report["installer"] == "failed":
        failed.append("installer")
    log("== " + ("FAILED: " + ", ".join(failed) if failed else "All steps passed.")
        + f" Report: {DIST / 'build-report.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
