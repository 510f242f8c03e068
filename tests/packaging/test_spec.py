"""The PyInstaller spec keeps every Qt module the code imports; the NSIS script compiles and is safe.

The spec is not importable outside PyInstaller (it uses the spec globals Analysis, EXE...), so its
constants and pure helper functions are read from its syntax tree.
"""

from __future__ import annotations

import ast
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "rosterprep.spec"
NSI = ROOT / "packaging" / "installer.nsi"
ICONS = ROOT / "resources" / "icons"
HELPERS = ("plugin_key", "is_translation", "keep_entry", "version_tuple", "write_version_file")


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def spec_constant(name: str) -> Any:
    """The literal value assigned to ``name`` at the top level of the spec."""
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned a literal in {SPEC.name}")


def spec_helpers() -> dict[str, Any]:
    """The spec's pure helpers and their constants, executed on their own."""
    def is_literal(node: ast.expr) -> bool:
        try:
            ast.literal_eval(node)
        except ValueError:
            return False
        return True

    keep = [
        n
        for n in spec_tree().body
        if (isinstance(n, ast.FunctionDef) and n.name in HELPERS)
        or (isinstance(n, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in n.targets)
            and is_literal(n.value))
    ]
    module = ast.Module(body=keep, type_ignores=[])
    namespace: dict[str, Any] = {}
    exec(
        "import fnmatch, os, re, sys\nfrom pathlib import Path\nAPP_NAME = 'RosterPrep'\nDISPLAY_NAME = 'Roster Prep'\n",
        namespace,
    )
    exec(compile(module, str(SPEC), "exec"), namespace)
    return namespace


def qt_modules_imported(source: str) -> set[str]:
    """Every ``PySide6.X`` named by an import statement in ``source`` (X only)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "PySide6":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(a.name for a in node.names if a.name.startswith("Qt"))
    return found


def code_qt_modules() -> dict[str, list[str]]:
    """Qt module -> the files under core/ and gui/ that import it."""
    users: dict[str, list[str]] = {}
    for folder in ("core", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for module in qt_modules_imported(path.read_text(encoding="utf-8")):
                users.setdefault(module, []).append(path.relative_to(ROOT).as_posix())
    return users


def test_import_scanner_sees_every_form() -> None:
    source = (
        "import PySide6.QtWidgets\n"
        "from PySide6.QtCore import Qt\n"
        "from PySide6 import QtGui, QtSvg as svg\n"
        "def f():\n    from PySide6.QtNetwork.Sub import x\n"
        "import PySide6\nfrom .PySide6 import QtSql\n"
    )
    assert qt_modules_imported(source) == {"QtWidgets", "QtCore", "QtGui", "QtSvg", "QtNetwork"}


def test_every_qt_module_the_code_imports_is_kept_by_the_spec() -> None:
    kept = set(spec_constant("QT_MODULES_KEPT"))
    excluded = set(spec_constant("QT_MODULES_EXCLUDED"))
    used = code_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets"} <= set(used), "the scan found no Qt imports: is gui/ there?"
    missing = {m: files for m, files in used.items() if m not in kept or m in excluded}
    assert not missing, f"add to QT_MODULES_KEPT (and remove from QT_MODULES_EXCLUDED) in {SPEC.name}: {missing}"
    # Kept modules reach the build as hidden imports; excluded ones as Analysis excludes.
    text = SPEC.read_text(encoding="utf-8")
    assert 'hiddenimports=[f"PySide6.{m}" for m in QT_MODULES_KEPT]' in text
    assert 'excludes=[f"PySide6.{m}" for m in QT_MODULES_EXCLUDED]' in text


def test_kept_and_excluded_qt_modules_are_disjoint_and_cover_the_installed_pyside6() -> None:
    kept = set(spec_constant("QT_MODULES_KEPT"))
    excluded = set(spec_constant("QT_MODULES_EXCLUDED"))
    assert not kept & excluded
    pyside = pytest.importorskip("PySide6")
    installed = {p.name.split(".")[0] for p in Path(pyside.__file__).parent.glob("Qt*.*")
                 if p.suffix in (".so", ".pyd")}
    unlisted = installed - kept - excluded
    assert not unlisted, f"new PySide6 modules: add them to QT_MODULES_EXCLUDED (or KEPT) in {SPEC.name}: {unlisted}"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqminimal.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6\\translations\\qt_fr.qm", False),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("resources/sample/users.csv", True),
        ("resources/plugins/x/y.json", True),
    ],
)
def test_plugin_and_translation_filter(dest: str, kept: bool) -> None:
    keep_entry = spec_helpers()["keep_entry"]
    assert keep_entry(dest.replace("\\", "/")) is kept


def test_windows_version_resource_is_generated_from_pyproject(tmp_path: Path) -> None:
    helpers = spec_helpers()
    assert helpers["version_tuple"]("1.2.3rc1") == (1, 2, 3, 0)
    assert helpers["version_tuple"]("0.1.0") == (0, 1, 0, 0)
    text = helpers["write_version_file"]("0.1.0", tmp_path).read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates this text with its version classes
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert calls <= {"VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
                     "VarFileInfo", "VarStruct"}
    assert "filevers=(0, 1, 0, 0)" in text and "StringStruct('ProductVersion', '0.1.0')" in text


def test_icons_are_valid_containers() -> None:
    png = (ICONS / "rosterprep.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (256, 256)
    ico = (ICONS / "rosterprep.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, _h, _c, _r, _planes, _bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(ico)
        sizes.add(w or 256)
    assert {16, 32, 48, 256} <= sizes
    icns = (ICONS / "rosterprep.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


# --- the NSIS installer script -------------------------------------------------------------


def nsis_lines() -> list[str]:
    return [ln.strip() for ln in NSI.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.strip().startswith(";")]


def test_installer_is_per_user_with_stock_includes_only() -> None:
    lines = nsis_lines()
    assert "RequestExecutionLevel user" in lines
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APPNAME}"' in lines
    includes = {ln.split(None, 1)[1].strip('"') for ln in lines if ln.startswith("!include")}
    assert includes <= {"MUI2.nsh", "FileFunc.nsh", "LogicLib.nsh", "WinVer.nsh", "x64.nsh", "Sections.nsh"}
    assert not [ln for ln in lines if ln.startswith(("!addplugindir", "!addincludedir"))]
    assert not [ln for ln in lines if "HKLM" in ln], "a per-user installer writes only HKCU"
    assert any(ln.startswith("WriteRegStr HKCU") and "UNINSTKEY" in ln for ln in lines)


def test_settings_are_removed_only_in_an_opt_in_uninstall_section() -> None:
    section = None
    for ln in nsis_lines():
        if ln.startswith("Section"):
            section = ln
        elif ln == "SectionEnd":
            section = None
        touches_settings = "DATADIR}" in ln or "SETTINGS_REGKEY}" in ln
        if touches_settings and ln.startswith(("RMDir", "Delete", "DeleteRegKey")):
            assert section is not None and section.startswith("Section /o \"un."), ln
        # Never a recursive delete of the install folder itself: the user may have chosen a shared one.
        assert not (ln.startswith("RMDir /r") and ln.rstrip('"').endswith("$INSTDIR")), ln


def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        pytest.skip("makensis is not installed (Debian/Ubuntu: apt-get install nsis); the NSIS script was not compiled")
    return found


def test_installer_script_compiles_with_warnings_as_errors(tmp_path: Path) -> None:
    exe = makensis()
    stub = tmp_path / "RosterPrep"
    (stub / "_internal" / "resources").mkdir(parents=True)
    (stub / "RosterPrep.exe").write_bytes(b"MZ stub")
    (stub / "rosterprep-cli.exe").write_bytes(b"MZ stub")
    (stub / "_internal" / "resources" / "x.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "RosterPrep-0.1.0-setup.exe"
    proc = subprocess.run(
        [exe, "-WX", "-V2", "-DVERSION=0.1.0", "-DVIVERSION=0.1.0.0", f"-DSRCDIR={stub}", f"-DOUTFILE={out}", str(NSI)],
        capture_output=True, text=True, errors="replace", timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_installer_script_requires_its_defines(tmp_path: Path) -> None:
    exe = makensis()
    proc = subprocess.run([exe, "-WX", "-V2", str(NSI)], capture_output=True, text=True, errors="replace", timeout=120)
    assert proc.returncode != 0
    assert "-DVERSION" in proc.stdout + proc.stderr

