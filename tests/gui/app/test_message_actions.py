"""Every piece of advice is something the window can do.

The test walks the whole message catalogue (resources/messages/*.json: each code's text and hint)
and the texts of gui/ and core/ (message boxes, status texts, tooltips, errors), finds each window
action a text names — a menu path ("File › Save As"), a cell menu entry ("right-click › Delete extra
values"), a column header's menu entry ("right-click the column header › Rename column…"), a button
("select the problem and click Apply suggested fix"), a key ("Ctrl+Shift+F"), or one of the phrases
below ("Problems panel", "(extra) column", the wizard's "Records step", ...) — and checks that the
action exists in a built main window with a roster open. Advice that names no action must not
promise one the window lacks: a hint that says to load a reference must name "Load a reference
export"; one that says to rename a column must name "Rename column" or the suggested fix; the window
cannot add, remove or move columns, nor add, rename or remove files, so such advice must say where
that is done (the SIS export, File Explorer, the folder or zip); and no text may say the extra values
are "not shown".
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QMenu, QStyleOptionViewItem

from gui.app.main_window import MainWindow
from tests.gui.helpers import page_of

ROOT = Path(__file__).resolve().parents[3]

# users.csv: line 3 has a value beyond the header, line 4 is one field short, and givenName is written
# givenname (its header's menu then offers the suggested fix)
USERS = b"sourcedId,givenname,familyName\r\nu1,Ana,Diaz\r\nu2,Ben,Lee,Jr.\r\nu3,Cy\r\n"

#: keys the grid handles itself (gui/grid/roster_grid.py, gui/grid/editing.py), not through an action
GRID_KEYS = {"Shift+Space", "Ctrl+Space", "Ctrl+Shift+Space", "Ctrl+Enter", "Ctrl+Shift+=", "Enter", "Tab", "F2", "Esc", "Del"}


def clean(text: str) -> str:
    """A menu or button text as the user reads it: no & marks, no trailing "…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


@dataclass
class Window:
    """What a built main window offers, as texts."""

    menus: dict[str, list[str]] = field(default_factory=dict)
    actions: set[str] = field(default_factory=set)
    cell_menu: list[str] = field(default_factory=list)
    header_menus: list[str] = field(default_factory=list)
    buttons: set[str] = field(default_factory=set)
    docks: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    grid_headers: set[str] = field(default_factory=set)
    grid_marks: set[str] = field(default_factory=set)
    wizard_steps: set[str] = field(default_factory=set)

    def in_menu(self, menu: str, rest: str) -> bool:
        """``rest`` (the text after "File › ") starts with an item of that menu."""
        return any(rest == item or rest.startswith(item + " ") or rest.startswith(item + "…")
                   for item in self.menus.get(menu, []) if item)

    def has_action(self, text: str) -> bool:
        return any(a == text or a.startswith(text) for a in self.actions)


def _menu_items(menu: QMenu) -> list[str]:
    items = []
    for act in menu.actions():
        if act.isSeparator():
            continue
        items.append(clean(act.text()))
        if act.menu() is not None:
            items.extend(_menu_items(act.menu()))
    return items


def build(w: MainWindow) -> Window:
    """Collect the window's actions, menus, buttons, docks, keys and grid marks."""
    out = Window()
    for act in w.menuBar().actions():
        if act.menu() is not None:
            out.menus[clean(act.text())] = _menu_items(act.menu())
    for act in w.findChildren(QAction):
        out.actions.add(clean(act.text()))
        out.keys.update(s.toString(QKeySequence.SequenceFormat.PortableText) for s in act.shortcuts())
    out.cell_menu = [clean(a.text()) for a in w.grid_menus.cell_entries if a is not None]
    page = page_of(w, "users.csv")
    w.tabs.setCurrentWidget(page)
    for col in range(page.model.columnCount()):  # the file's columns, and the (extra) column
        out.header_menus += _menu_items(page.columns.build_menu(col))
        page.columns.menu.close()
    for button in w.findChildren(QAbstractButton):
        out.buttons.add(clean(button.text()))
        if not button.shortcut().isEmpty():
            out.keys.add(button.shortcut().toString(QKeySequence.SequenceFormat.PortableText))
    out.docks = {d.windowTitle() for d in w.findChildren(QDockWidget)}
    model = page.model
    out.grid_headers = {str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())}
    # what the grid's cells read as (the delegate draws a missing field as "(missing)")
    delegate = page.grid.itemDelegate()
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            opt = QStyleOptionViewItem()
            delegate.initStyleOption(opt, model.index(r, c))
            out.grid_marks.add(opt.text)
    from gui.prepare.wizard import PrepareWizard

    wizard = PrepareWizard(w)
    out.wizard_steps = {wizard.page(i).title() for i in wizard.pageIds()}
    wizard.deleteLater()
    return out


@pytest.fixture
def offered(qtbot, tmp_path) -> Iterator[Window]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "roster"
    folder.mkdir()
    (folder / "users.csv").write_bytes(USERS)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(folder)])
    qtbot.waitUntil(lambda: w.document is not None and not w.busy and w.document.complete, timeout=10000)
    yield build(w)
    w._drop_document()


# --- what a text names ---------------------------------------------------------------------------
Check = Callable[[Window, re.Match[str]], bool]

MENU_PATH = re.compile(r"\b(File|Edit|View|Help) › ([^.,;:()“”\"\n]+)")
RIGHT_CLICK = re.compile(r"right-click › ([^.,;:()“”\"\n]+)")
RIGHT_CLICK_HEADER = re.compile(r"[Rr]ight-click (?:on )?(?:the|each|its) column header › ([^.,;:()“”\"\n]+)")
CLICK_BUTTON = re.compile(r"[Ss]elect the problems? and click ([A-Z][^.,;:()“”\"\n]+)")
KEY = re.compile(r"\b((?:Ctrl|Shift|Alt)\+(?:(?:Ctrl|Shift|Alt)\+)*(?:[A-Z0-9]\w*|[=+-]))")

#: phrases that name something of the window, and where the window has it (case-sensitive)
PHRASES: dict[str, Check] = {
    r"Load a reference export": lambda w, m: w.in_menu("File", m[0]) and "Load a reference export" in w.buttons,
    r"Reopen with encoding": lambda w, m: w.in_menu("File", m[0]),
    r"Repair spreadsheet damage": lambda w, m: w.in_menu("Edit", m[0]),
    r"Prepare Renaissance import": lambda w, m: w.in_menu("File", m[0]),
    r"Export for upload": lambda w, m: w.in_menu("File", m[0]),
    r"Save As": lambda w, m: w.in_menu("File", m[0]),
    r"(?:[Aa]pply the |[Tt]he )?suggested fix": lambda w, m: w.in_menu("Edit", "Apply suggested fix")
    and "Apply suggested fix" in w.cell_menu and "Apply suggested fix" in w.buttons,
    r"\bUndo\b": lambda w, m: any(item.startswith("Undo") for item in w.menus["Edit"]),
    r"Delete rows": lambda w, m: w.in_menu("Edit", m[0]),
    r"Delete extra values": lambda w, m: w.in_menu("Edit", m[0]) and m[0] in w.cell_menu,
    r"press Delete": lambda w, m: "Del" in w.keys,
    r"Show all rows": lambda w, m: w.in_menu("View", m[0]) and m[0] in w.buttons,
    r"Go to cell": lambda w, m: m[0] in w.buttons,
    r"Problems panel": lambda w, m: "Problems" in w.docks,
    r"\(extra\)": lambda w, m: "(extra)" in w.grid_headers,
    r"\(missing\)": lambda w, m: "(missing)" in w.grid_marks,
    r"Records step": lambda w, m: "Records" in w.wizard_steps,
    r"version step": lambda w, m: "OneRoster version" in w.wizard_steps,
    r"column matching": lambda w, m: "Column matching" in w.wizard_steps,
}


def named_actions(text: str) -> Iterator[tuple[str, Callable[[Window], bool]]]:
    """Each window action a text names, with a check that the window has it."""
    for m in MENU_PATH.finditer(text):
        yield m[0], lambda w, m=m: w.in_menu(m[1], m[2].strip())
    for m in RIGHT_CLICK.finditer(text):
        yield m[0], lambda w, m=m: any(m[1].strip().startswith(e) for e in w.cell_menu + w.header_menus if e)
    for m in RIGHT_CLICK_HEADER.finditer(text):
        yield m[0], lambda w, m=m: any(m[1].strip().startswith(e) or e.startswith(m[1].strip()) for e in w.header_menus if e)
    for m in CLICK_BUTTON.finditer(text):
        yield m[0], lambda w, m=m: any(m[1].strip().startswith(b) for b in w.buttons if b)
    for m in KEY.finditer(text):
        yield m[1], lambda w, m=m: m[1] in w.keys or m[1] in GRID_KEYS
    for pattern, check in PHRASES.items():
        for m in re.finditer(pattern, text):
            yield m[0], lambda w, m=m, check=check: check(w, m)


# --- the texts -----------------------------------------------------------------------------------
def catalogue() -> list[tuple[str, str]]:
    """("damage.json damage.scientific_lost hint", text) for every text and hint of the catalogue."""
    out = []
    for path in sorted((ROOT / "resources" / "messages").glob("*.json")):
        for code, entry in json.loads(path.read_text(encoding="utf-8")).items():
            for key in ("text", "hint"):
                if entry.get(key):
                    out.append((f"{path.name} {code} {key}", entry[key]))
    return out


def source_texts() -> list[tuple[str, str]]:
    """The string literals of gui/ and core/ (what message boxes, status texts, tooltips and errors
    say), without docstrings."""
    out = []
    for folder in ("gui", "core"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = set()
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
                    first = node.body[0]
                    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                        docstrings.add(id(first.value))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return out


def missing_actions(texts: list[tuple[str, str]], window: Window) -> tuple[list[str], set[str]]:
    """The texts' named actions the window lacks, and every phrase found."""
    missing, found = [], set()
    for where, text in texts:
        for phrase, check in named_actions(text):
            found.add(phrase)
            if not check(window):
                missing.append(f"{where}: “{phrase}” — {text}")
    return missing, found


def test_every_action_a_message_names_exists_in_the_window(offered: Window) -> None:
    # the misspelled givenname's header menu offers its fix (the hints name it)
    assert "Rename column" in offered.header_menus
    assert "Apply suggested fix: rename to “givenName”" in offered.header_menus
    missing, found = missing_actions(catalogue(), offered)
    assert missing == []
    # the walk is not vacuous: the catalogue names these actions, and each was checked
    for phrase in ("File › Load a reference export… to put it back", "Edit › Repair spreadsheet damage puts it back together",
                   "File › Reopen with encoding… to read the file with another encoding", "(extra)", "(missing)", "Records step",
                   "press Delete", "Undo", "Edit › Delete rows", "File › Export for upload writes commas",
                   "Right-click the column header › Rename column… to give the column its OneRoster name",
                   "right-click the column header › Apply suggested fix", "right-click each column header › Rename column…",
                   "Select the problem and click Apply suggested fix "):
        assert phrase in found, phrase


def test_every_action_the_windows_own_texts_name_exists(offered: Window) -> None:
    missing, found = missing_actions(source_texts(), offered)
    assert missing == []
    for phrase in ("File › Save As to write a copy somewhere else", "Edit › Apply suggested fix", "Ctrl+Shift+F",
                   "right-click › Delete extra values", "View › Sort A → Z by this column", "Problems panel"):
        assert phrase in found, phrase


#: where what the window cannot do is done: the export from the SIS, or the files themselves
ELSEWHERE = ("your SIS", "File Explorer", "folder or zip")
#: (what a text advises, what it must then name (one of), the codes it applies to (prefixes; None: all)):
#: advice without the action's name would leave the admin looking for it
ADVICE: list[tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...] | None]] = [
    (re.compile(r"\bload\w*\b[^.;]*\breference\b|\bas (?:a|the) reference\b", re.I), ("Load a reference export",), None),
    (re.compile(r"\breopen\b", re.I), ("Reopen with encoding",), None),
    (re.compile(r"\bexport writes\b", re.I), ("Export for upload",), None),
    (re.compile(r"\bextra values?\b", re.I), ("(extra)",), None),
    # renaming a column: the header's menu, or the suggested fix (Problems panel, header menu)
    (re.compile(r"\brename (?:it|the column|each column|the repeated column)\b|\bgive (?:it|the column|the repeated column)\b"
                r"|\bname (?:it|the two columns)\b", re.I), ("Rename column", "Apply suggested fix"), ("header.", "csv.", "manifest.header")),
    # adding, removing or moving a column: the window cannot, the SIS export must
    (re.compile(r"\b(?:add|remove|move|put|insert|delete)\b[^.;]*\bcolumns?\b|\bor remove it\b", re.I), ("your SIS",), None),
    # adding, renaming or removing a file: the window cannot, the SIS export or the files themselves must
    (re.compile(r"\b(?:add|rename|remove)\s+(?:it\b|the file\b|\{file\}|\{target\})|\bleave (?:it|\{file\}|\{target\}) out\b"
                r"|\bkeep only one copy\b", re.I), ELSEWHERE, ("package.", "manifest.declared", "ref.file_missing")),
]


def advice_gaps(hints: list[tuple[str, str]]) -> list[str]:
    """Hints ("<file> <code> hint", text) that advise what they name no action (or place) for."""
    wrong = []
    for where, text in hints:
        code = where.split()[1]
        for advice, actions, codes in ADVICE:
            if codes is not None and not code.startswith(codes):
                continue
            if advice.search(text) and not any(a in text for a in actions):
                wrong.append(f"{where}: names none of {actions} — {text}")
    return wrong
#: what the window once could not do, or does differently now
UNTRUE = [
    re.compile(r"kept but not shown"),
    re.compile(r"click (?:on )?a column header", re.I),  # a header click selects the column; its button sorts
]


def test_advice_names_the_action_that_does_it() -> None:
    assert advice_gaps([(where, text) for where, text in catalogue() if where.endswith("hint")]) == []


def test_advice_the_window_cannot_follow_is_caught() -> None:
    """Hints as the catalogue had them before the window could rename a column: each is caught."""
    old = [
        ("rules.json header.misspelled hint", "Rename it to {fix}."),
        ("structure.json csv.duplicate_header hint", "Header names must be unique; rename or remove the repeated column."),
        ("structure.json csv.blank_header hint", "Give the column its OneRoster name or remove it."),
        ("rules.json header.missing_column hint", "Add each column at its place in the spec's order ({positions})."),
        ("rules.json header.order hint", "Put the columns in this order: {order}."),
        ("rules.json header.extension_not_right hint", "Move extra columns to the right end, after {last}."),
        ("rules.json header.only_other_version hint", "Remove the column, or export the whole set as OneRoster {other}."),
        ("rules.json package.missing_file hint", "Add {file}. A file with no data still needs its header row."),
        ("rules.json package.unexpected_file hint", "Rename it to the right OneRoster name, or leave it out of the set."),
        ("structure.json package.duplicate_file hint", "Keep only one copy of each file."),
        ("rules.json ref.file_missing hint", "Add {target} so the references can be resolved."),
    ]
    assert {gap.split(":")[0] for gap in advice_gaps(old)} == {where for where, _ in old}
    # the same advice, saying where or with what it is done, passes
    assert advice_gaps([
        ("rules.json header.misspelled hint", "Select the problem and click Apply suggested fix to rename it {fix}."),
        ("rules.json header.order hint", "Export {file} again from your SIS with the columns in this order: {order}."),
        ("rules.json package.missing_file hint", "Export the set again from your SIS with {file} in it."),
    ]) == []


def test_no_text_says_what_the_window_does_not_do() -> None:
    wrong = [f"{where}: {text}" for where, text in catalogue() + source_texts() if any(p.search(text) for p in UNTRUE)]
    assert wrong == []


def test_the_walk_catches_advice_the_window_cannot_follow(offered: Window) -> None:
    made_up = [("made-up hint", "Use Edit › Rename column to fix it, or right-click › Merge cells (Ctrl+Shift+K).")]
    missing, _found = missing_actions(made_up, offered)
    assert len(missing) == 3
    # a column header's menu has no cell entries, nor they its entries; buttons are checked too
    made_up = [("made-up hint", "Right-click the column header › Delete extra values of the rows shown, right-click the column "
                                "header › Insert column…, right-click › Rename column…, or select the problem and click Merge.")]
    missing, _found = missing_actions(made_up, offered)
    assert [m.split("“")[1].split("”")[0] for m in missing] == [
        "right-click the column header › Insert column…", "select the problem and click Merge"]
