"""Steps 3 and 4 of the prepare wizard: the records built (orgs Renaissance lacks, files left out) and
the OneRoster version to write with the values it cannot carry."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QListWidget, QRadioButton, QVBoxLayout, QWizardPage

from core.prepare.headers import column_key
from core.prepare.records import find_table
from gui.prepare.common import ERROR_COLOR, WizardHost, make_label, make_table, table_item


# --- page 3 --------------------------------------------------------------------------------------
class RecordsPage(QWizardPage):
    """Step 3: records per file, Renaissance columns carried, orgs Renaissance lacks, files left out."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Records")
        self.setSubTitle("Renaissance's own columns (renaissanceId and its ext_renaissance columns) are carried over for records it already has.")
        lay = QVBoxLayout(self)
        self.table = make_table(["File", "Records", "Carried from Renaissance", "New to Renaissance", "From SIS file"])
        self.table.verticalHeader().setDefaultSectionSize(24)
        lay.addWidget(self.table, 3)
        self.orgs_label = make_label()
        lay.addWidget(self.orgs_label)
        self.orgs = QListWidget()
        self.orgs.setWordWrap(True)
        self.orgs.setMaximumHeight(80)
        lay.addWidget(self.orgs)
        self.orgs_hint = make_label("Renaissance cannot create schools in a OneRoster import. If Renaissance has the school under "
                                "another ID, choose it below: every reference to the SIS ID is changed to Renaissance's.")
        lay.addWidget(self.orgs_hint)
        self.org_map = make_table(["Organization in the SIS data", "Name", "Use Renaissance's school"])
        lay.addWidget(self.org_map, 1)
        self.org_combos: dict[str, QComboBox] = {}
        #: the order the orgs were first listed in, kept while the admin chooses (rows never move)
        self._org_order: list[str] = []
        self._order_of: object = None
        #: the org whose school was just chosen: its box gets the focus back after the rebuild
        self._chosen_org: str | None = None
        wizard.buildingChanged.connect(self._building_changed)
        self.left_out = make_label()
        lay.addWidget(self.left_out)

    def initializePage(self) -> None:
        r = self.wiz.preparation()
        b = r.built
        self.table.setRowCount(len(b.files))
        for i, (file, rec) in enumerate(b.files.items()):
            self.table.setItem(i, 0, table_item(file))
            self.table.setItem(i, 1, table_item(str(rec.rows), align_right=True))
            self.table.setItem(i, 2, table_item(str(rec.carried), align_right=True))
            self.table.setItem(i, 3, table_item(str(rec.new), align_right=True))
            self.table.setItem(i, 4, table_item(rec.source or "(not in SIS data: header only)"))
        # as tall as its few rows: the room below goes to the school matching table
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMaximumHeight(header + self.table.rowCount() * self.table.verticalHeader().defaultSectionSize() + 2 * self.table.frameWidth() + 2)
        self.orgs.clear()
        org_errors = [f for f in r.findings if f.code.startswith("prepare.org_") and f.severity == "error"]
        if org_errors:
            n = len(org_errors)
            self.orgs_label.setText(
                "1 organization does not exist in Renaissance: this is an error to fix before uploading." if n == 1
                else f"{n} organizations do not exist in Renaissance: these are errors to fix before uploading."
            )
            self.orgs_label.setStyleSheet(f"color: {ERROR_COLOR.name()}")
            for f in org_errors:
                text = f.text
                self.orgs.addItem(f"{f.file}, line {f.line}: {text[:1].upper()}{text[1:]}")
                it = self.orgs.item(self.orgs.count() - 1)
                it.setForeground(QBrush(ERROR_COLOR))
                it.setToolTip(f.hint)
        else:
            self.orgs_label.setText("Every organization already exists in Renaissance.")
            self.orgs_label.setStyleSheet("")
        self.orgs.setVisible(bool(org_errors))
        self.org_map.setEnabled(True)
        self._fill_org_map(b.missing_orgs)
        self.orgs_hint.setVisible(self.org_map.rowCount() > 0)
        self.org_map.setVisible(self.org_map.rowCount() > 0)
        if b.left_out:
            self.left_out.setText("Left out of the upload (Renaissance does not take them): " + ", ".join(b.left_out))
        else:
            self.left_out.setText("No files were left out.")


    def _fill_org_map(self, missing: list[tuple[str, str]]) -> None:
        """One row per org Renaissance lacks, and per org already mapped (so it can be unmapped)."""
        prep = self.wiz.prep
        assert prep is not None
        names = dict(missing)
        sis_orgs = find_table(prep.sis, "orgs.csv")
        if sis_orgs is not None:
            k = next((i for i, h in enumerate(sis_orgs.header) if column_key("orgs.csv", h) == "sourcedId"), None)
            n = next((i for i, h in enumerate(sis_orgs.header) if column_key("orgs.csv", h) == "name"), None)
            if k is not None and n is not None:
                for r in range(sis_orgs.nrows):
                    names.setdefault(sis_orgs.cell(r, k), sis_orgs.cell(r, n))
        listed = list(prep.org_ids) + [o for o, _ in missing if o not in prep.org_ids]
        if self._order_of is not prep:  # other input files: a new list
            self._order_of, self._org_order = prep, []
        self._org_order += [o for o in listed if o not in self._org_order]
        rows = [o for o in self._org_order if o in set(listed)]
        choices = prep.renaissance_orgs()
        self.org_map.setRowCount(0)
        self.org_map.setRowCount(len(rows))
        self.org_combos = {}
        for i, org in enumerate(rows):
            name = names.get(org, "")
            self.org_map.setItem(i, 0, table_item(org))
            self.org_map.setItem(i, 1, table_item(name))
            combo = QComboBox()
            combo.addItem("(none: stays an error)", None)
            for rid, rname in choices:
                same = " (same name)" if name and rname.strip().lower() == name.strip().lower() else ""
                combo.addItem(f"{rname} ({rid}){same}", rid)
            current = prep.org_ids.get(org)
            combo.setCurrentIndex(next((j for j in range(combo.count()) if combo.itemData(j) == current), 0))
            combo.currentIndexChanged.connect(lambda _i, org=org, c=combo: self._map(org, c.currentData()))
            self.org_map.setCellWidget(i, 2, combo)
            self.org_combos[org] = combo
        self.org_map.resizeColumnsToContents()
        chosen, self._chosen_org = self._chosen_org, None
        if chosen in self.org_combos:
            # the rebuild replaced the box the admin was using: give the new one the focus
            self.org_map.setCurrentCell(rows.index(chosen), 2)
            self.org_combos[chosen].setFocus()

    def _map(self, org: str, renaissance_id: str | None) -> None:
        prep = self.wiz.prep
        assert prep is not None
        if renaissance_id:
            prep.org_ids[org] = renaissance_id
        else:
            prep.org_ids.pop(org, None)
        self._chosen_org = org
        self.wiz.invalidate()
        # rebuild after this combo box's signal has been delivered: the rebuild replaces it
        QTimer.singleShot(0, self._rebuild)

    def _building_changed(self, _on: bool) -> None:
        self.completeChanged.emit()

    def _rebuild(self) -> None:
        if self.wiz.build_async(self._rebuild):
            self.initializePage()
        else:
            self.org_map.setEnabled(False)

    def isComplete(self) -> bool:
        return self.wiz.building is None


# --- page 4 --------------------------------------------------------------------------------------
class VersionPage(QWizardPage):
    """Step 4: the OneRoster version to write and every value it cannot carry."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("OneRoster version")
        self.setSubTitle("Write the version your district imports with: Renaissance asks never to mix OneRoster 1.0 and 1.1.")
        lay = QVBoxLayout(self)
        self.about = make_label()
        lay.addWidget(self.about)
        row = QHBoxLayout()
        self.radio_10 = QRadioButton("OneRoster 1.0 (seven files, no manifest)")
        self.radio_11 = QRadioButton("OneRoster 1.1 (eight files with manifest.csv)")
        row.addWidget(self.radio_10)
        row.addWidget(self.radio_11)
        row.addStretch(1)
        lay.addLayout(row)
        self.radio_10.toggled.connect(self._toggled)
        self.summary = make_label()
        lay.addWidget(self.summary)
        self.table = make_table(["File", "Column", "Line", "Value", "Written instead"])
        lay.addWidget(self.table, 100)
        lay.addStretch(1)  # keeps the text at the top when there is no table to show

    def initializePage(self) -> None:
        prep = self.wiz.prep
        assert prep is not None
        text = f"Renaissance's export is OneRoster {prep.template_version}; the SIS data looks like OneRoster {prep.sis_version}."
        if prep.sis_version != prep.template_version:
            text += (
                f" Renaissance always exports 1.1: if your district has imported OneRoster {prep.sis_version} files before, "
                f"choose {prep.sis_version}."
            )
        self.about.setText(text)
        version = self.wiz.version or prep.template_version
        self.radio_10.blockSignals(True)
        (self.radio_10 if version == "1.0" else self.radio_11).setChecked(True)
        self.radio_10.blockSignals(False)
        self._show()

    def _toggled(self) -> None:
        self.wiz.set_version("1.0" if self.radio_10.isChecked() else "1.1")
        self._show()

    def isComplete(self) -> bool:
        return self.wiz.building is None

    def _show(self) -> None:
        ready = self.wiz.build_async(self._show)
        for radio in (self.radio_10, self.radio_11):
            radio.setEnabled(ready)
        if not ready:
            self.summary.setText("Building the records…")
            self.completeChanged.emit()
            return
        self.completeChanged.emit()
        r = self.wiz.preparation()
        losses = r.built.losses
        if losses:
            self.summary.setText(
                f"OneRoster {r.version} cannot carry {len(losses)} values from the SIS data; they are listed below."
            )
        else:
            self.summary.setText(f"Every value fits in OneRoster {r.version}.")
        self.table.setRowCount(len(losses))
        for i, x in enumerate(losses):
            self.table.setItem(i, 0, table_item(x.file))
            self.table.setItem(i, 1, table_item(x.column))
            self.table.setItem(i, 2, table_item(str(x.row + 2), align_right=True))
            self.table.setItem(i, 3, table_item(x.value))
            self.table.setItem(i, 4, table_item(x.kept or "(left out)"))
        self.table.setVisible(bool(losses))
