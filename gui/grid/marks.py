"""How problems look: severity colours, icons and words, shared by the grid, headers and panels.

Colours are translucent tints so they read on light and dark palettes alike, and every severity also
has a shape (a circle for errors, a triangle for warnings, an "i" for notes) so colour is never the only
sign.
"""

from __future__ import annotations

from functools import lru_cache, cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Note"}
SEVERITY_PLURAL = {"error": "errors", "warning": "warnings", "info": "notes"}
#: solid colours for icons and marks
SEVERITY_COLOR = {"error": QColor(211, 47, 47), "warning": QColor(230, 145, 0), "info": QColor(25, 118, 210)}
#: translucent cell tints (alpha keeps the palette's text readable on light and dark bases)
_TINT = {"error": (211, 47, 47, 70), "warning": (245, 170, 20, 85), "info": (25, 118, 210, 45)}
SEVERITY_GLYPH = {"error": "⛔", "warning": "⚠", "info": "ℹ"}


def tint(severity: str) -> QBrush:
    return QBrush(QColor(*_TINT[severity]))


def spaces_brush() -> QBrush:
    """Background for values with leading or trailing spaces (dotted, so it is not a severity colour)."""
    return QBrush(QColor(128, 128, 128, 55), Qt.BrushStyle.Dense6Pattern)


def missing_brush() -> QBrush:
    """Hatched background for a field the record does not have at all."""
    return QBrush(QColor(128, 128, 128, 110), Qt.BrushStyle.BDiagPattern)


def worst(severities: list[str]) -> str | None:
    for s in ("error", "warning", "info"):
        if s in severities:
            return s
    return None


def _draw(severity: str, size: int) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = SEVERITY_COLOR[severity]
    m = size * 0.06
    box = QRectF(m, m, size - 2 * m, size - 2 * m)
    if severity == "warning":
        path = QPainterPath()
        path.moveTo(QPointF(box.center().x(), box.top()))
        path.lineTo(QPointF(box.right(), box.bottom()))
        path.lineTo(QPointF(box.left(), box.bottom()))
        path.closeSubpath()
        p.fillPath(path, color)
        text_color = QColor(20, 20, 20)
        text_box = QRectF(box.left(), box.top() + size * 0.22, box.width(), box.height() * 0.8)
        glyph = "!"
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(box)
        text_color = QColor(255, 255, 255)
        text_box = box
        glyph = "!" if severity == "error" else "i"
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(6, int(size * 0.62)))
    p.setFont(font)
    p.setPen(QPen(text_color))
    p.drawText(text_box, int(Qt.AlignmentFlag.AlignCenter), glyph)
    p.end()
    return pm


@cache
def severity_icon(severity: str) -> QIcon:
    """A small icon for a severity (drawn, so it is sharp at any scale factor)."""
    icon = QIcon()
    for size in (12, 16, 24, 32, 48):
        icon.addPixmap(_draw(severity, size))
    return icon


@lru_cache(maxsize=1)
def fixed_font() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


_CODE_COLUMNS = {
    "identifier", "classcode", "coursecode", "grades", "periods", "sms", "phone", "subjectcodes",
    "schoolyear", "username", "password", "userids", "email", "birthdate", "startdate", "enddate",
    "datelastmodified", "begindate", "identifiertype",
}


def is_code_column(name: str) -> bool:
    """ID and code columns get a fixed-width font, so lost leading zeros and odd lengths show."""
    n = name.strip()
    if n.endswith(("sourcedId", "SourcedId", "sourcedIds", "SourcedIds", "Id", "Ids", "ID")):
        return True
    return n.lower() in _CODE_COLUMNS


class CountBadge(QWidget):
    """A tab's problem counts as icons with numbers (⛔ 3  ⚠ 2), readable without colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(3)
        self._parts: dict[str, tuple[QLabel, QLabel]] = {}
        for sev in ("error", "warning"):
            icon, count = QLabel(self), QLabel(self)
            side = max(12, self.fontMetrics().height() - 2)
            icon.setPixmap(severity_icon(sev).pixmap(side, side))
            layout.addWidget(icon)
            layout.addWidget(count)
            self._parts[sev] = (icon, count)
        self.set_counts(0, 0)

    def set_counts(self, errors: int, warnings: int) -> None:
        for sev, n in (("error", errors), ("warning", warnings)):
            icon, count = self._parts[sev]
            count.setText(str(n))
            icon.setVisible(bool(n))
            count.setVisible(bool(n))
        words = [f"{n} {w}{'s' if n != 1 else ''}" for n, w in ((errors, "error"), (warnings, "warning")) if n]
        self.setAccessibleName(", ".join(words) if words else "no problems")
        self.setToolTip(self.accessibleName())
        # the badge itself stays shown (empty, it takes no room): the tab bar sizes tabs from it
        self._layout.setContentsMargins(2 if words else 0, 0, 2 if words else 0, 0)
        self.updateGeometry()
        self.adjustSize()

    def text(self) -> str:
        """The badge as text, e.g. "⛔3 ⚠2" (for tests and screen readers)."""
        out = []
        for sev in ("error", "warning"):
            _, count = self._parts[sev]
            if count.isVisibleTo(self):
                out.append(SEVERITY_GLYPH[sev] + count.text())
        return " ".join(out)
