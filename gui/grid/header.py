"""The grid's column header, as in Excel's AutoFilter: a click selects the column, a small button at
the right of each column opens its filter list, and the button shows the column's sort and filter.

The header only draws and reports clicks (``filterButtonClicked``); the grid page decides what they
do (gui/grid/columns.py, gui/grid/autofilter.py). The sort and filter state it draws comes from the
model (``FilterRole``, ``SortRole``), so the frozen columns' header and the main one always agree.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush, QColor, QFont, QFontMetrics, QIcon, QMouseEvent, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF,
)
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from gui.grid.edit_support import ranges_of, whole_columns
from gui.grid.table_model import FilterRole, SortRole, roster_model

#: the button's side in pixels at 100 % (it scales with the font)
_BUTTON = 16
#: room kept right of the label for the button
_GAP = 8
#: the strong blue of an active filter (also used for its tint)
ACTIVE = QColor(25, 103, 210)


class RangeHeader(QHeaderView):
    """A horizontal header that paints a column's selection state from the selection's ranges (see
    ``_section_option``): the grid's, and the Problems and Changes lists', which can hold a million
    rows selected at once."""

    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Horizontal, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setMouseTracking(True)
        self._over = -1  # the section the mouse is over
        self._pressed = -1  # the section being clicked

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.logicalIndexAt(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._pressed = -1
        super().mouseReleaseEvent(event)
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        logical = self.logicalIndexAt(event.position().toPoint())
        if logical != self._over:
            self._over = logical
            self.viewport().update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._over = -1
        self.viewport().update()
        super().leaveEvent(event)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid():
            return
        opt = self._section_option(logical)
        opt.rect = rect
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logical:
            ascending = self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            opt.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown if ascending else QStyleOptionHeader.SortIndicator.SortUp
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        painter.restore()

    def _section_option(self, logical: int) -> QStyleOptionHeader:
        """The style option of a section, as ``QHeaderView.initStyleOptionForIndex`` makes it, but for
        how a column's selection is found out.

        Qt asks ``QItemSelectionModel.isColumnSelected`` for the section and its two neighbours at
        every repaint of the header, and that asks the model for the flags of every row of the
        column: with all of a million rows selected (Ctrl+A, then Delete rows), a repaint took a
        minute. Here the selection's few ranges tell it (every cell of the grid is selectable).
        """
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        # QHeaderView.paintSection sets these itself; without them the style draws the section's
        # icon (a problem's mark) greyed out as if disabled
        if self.isEnabled():
            opt.state |= QStyle.StateFlag.State_Enabled
        if self.window().isActiveWindow():
            opt.state |= QStyle.StateFlag.State_Active
        ranges = ranges_of(self.selectionModel())
        model = self.model()
        whole = whole_columns(ranges, model.rowCount()) if model is not None and ranges else set()
        if self.sectionsClickable():
            if logical == self._over:
                opt.state |= QStyle.StateFlag.State_MouseOver
            if logical == self._pressed:
                opt.state |= QStyle.StateFlag.State_Sunken
            elif self.highlightSections():
                if any(left <= logical <= right for _top, left, _bottom, right in ranges):
                    opt.state |= QStyle.StateFlag.State_On
                if logical in whole:
                    opt.state |= QStyle.StateFlag.State_Sunken
        opt.section = logical
        opt.orientation = self.orientation()
        opt.iconAlignment = Qt.AlignmentFlag.AlignVCenter
        opt.textAlignment = self.defaultAlignment()
        if model is not None:
            align = model.headerData(logical, self.orientation(), Qt.ItemDataRole.TextAlignmentRole)
            if isinstance(align, Qt.AlignmentFlag):
                opt.textAlignment = align
            elif isinstance(align, int):
                opt.textAlignment = Qt.AlignmentFlag(align)
            opt.text = str(model.headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")
            icon = model.headerData(logical, self.orientation(), Qt.ItemDataRole.DecorationRole)
            if isinstance(icon, QIcon):
                opt.icon = icon
            elif isinstance(icon, QPixmap):
                opt.icon = QIcon(icon)
            for role, part in ((Qt.ItemDataRole.ForegroundRole, QPalette.ColorRole.ButtonText),
                               (Qt.ItemDataRole.BackgroundRole, QPalette.ColorRole.Button)):
                brush = model.headerData(logical, self.orientation(), role)
                if isinstance(brush, (QBrush, QColor)):
                    opt.palette.setBrush(part, QBrush(brush))
        visual = self.visualIndex(logical)
        shown = [v for v in range(self.count()) if not self.isSectionHidden(self.logicalIndex(v))]
        first, last = bool(shown) and visual == shown[0], bool(shown) and visual == shown[-1]
        P = QStyleOptionHeader.SectionPosition
        opt.position = P.OnlyOneSection if first and last else P.Beginning if first else P.End if last else P.Middle
        before = self.logicalIndex(visual - 1) in whole
        after = self.logicalIndex(visual + 1) in whole
        S = QStyleOptionHeader.SelectedPosition
        opt.selectedPosition = (S.NextAndPreviousAreSelected if before and after else S.PreviousIsSelected if before
                                else S.NextIsSelected if after else S.NotAdjacent)
        return opt


class FilterHeader(RangeHeader):
    """A horizontal header with a sort/filter button in every section."""

    #: the button of a column was clicked: (logical column, the button's rectangle in global coordinates)
    filterButtonClicked = Signal(int, QRect)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # the button shows the sort; Qt's own indicator would take the text's room a second time
        self.setSortIndicatorShown(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._hover = -1  # the column whose button the mouse is over

    # --- geometry ------------------------------------------------------------------------------
    def button_side(self) -> int:
        return max(_BUTTON, self.fontMetrics().height() + 2)

    def button_rect(self, logical: int) -> QRect:
        """Where the button of a column is, in viewport coordinates (empty when the column is hidden)."""
        if logical < 0 or self.isSectionHidden(logical):
            return QRect()
        if self._is_extra(logical):
            return QRect()  # the (extra) column is not sorted or filtered
        x = self.sectionViewportPosition(logical)
        w = self.sectionSize(logical)
        side = min(self.button_side(), max(0, w - 6), self.height() - 4)
        if side <= 0:
            return QRect()
        # 4 px from the right edge, clear of the resize handle
        return QRect(x + w - side - 4, (self.height() - side) // 2, side, side)

    def _is_extra(self, logical: int) -> bool:
        model = roster_model(self.model())  # None before the view gives the header its model
        return model is not None and model.is_extra_column(logical)

    def sectionSizeFromContents(self, logical: int) -> QSize:
        size = super().sectionSizeFromContents(logical)
        return QSize(size.width() + self.button_side() + _GAP, max(size.height(), self.button_side() + 6))

    # --- mouse ---------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        logical = self.logicalIndexAt(pos)
        if event.button() == Qt.MouseButton.LeftButton and logical >= 0 and self.button_rect(logical).contains(pos):
            rect = self.button_rect(logical)
            self.filterButtonClicked.emit(logical, QRect(self.viewport().mapToGlobal(rect.topLeft()), rect.size()))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        logical = self.logicalIndexAt(pos)
        hover = logical if logical >= 0 and self.button_rect(logical).contains(pos) else -1
        if hover != self._hover:
            self._hover = hover
            self.viewport().update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._hover = -1
        super().leaveEvent(event)

    # --- painting ------------------------------------------------------------------------------
    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid():
            return
        # what QHeaderView.paintSection does, with the text elided before the button instead of
        # running under it
        opt = self._section_option(logical)
        opt.rect = rect
        opt.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        style = self.style()
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_HeaderSection, opt, painter, self)
        font = self.model().headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole) if self.model() else None
        if isinstance(font, QFont):
            painter.setFont(font)
            opt.fontMetrics = QFontMetrics(font)
        # the label in the room left of the button, elided there
        no_button = self._is_extra(logical)  # the (extra) column has none
        opt.rect = rect if no_button else rect.adjusted(0, 0, -(self.button_side() + _GAP), 0)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, opt, self)
        room = opt.rect.width() - 2 * margin
        if not opt.icon.isNull():
            room -= style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, opt, self) + margin
        opt.text = opt.fontMetrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, max(0, room))
        style.drawControl(QStyle.ControlElement.CE_HeaderLabel, opt, painter, self)
        painter.restore()
        model = self.model()
        filtered = bool(model.headerData(logical, Qt.Orientation.Horizontal, FilterRole)) if model is not None else False
        sort = model.headerData(logical, Qt.Orientation.Horizontal, SortRole) if model is not None else None
        x = self.sectionViewportPosition(logical)
        button = self.button_rect(logical).translated(rect.left() - x, 0)
        if button.isEmpty():
            return
        if filtered:
            # the whole header reads "filtered" at a glance, not only its small button
            painter.fillRect(rect.adjusted(0, rect.height() - 3, 0, 0), ACTIVE)
        self._paint_button(painter, button, filtered, sort, logical == self._hover)

    def _paint_button(self, painter: QPainter, r: QRect, filtered: bool, sort: str | None, hover: bool) -> None:
        pal = self.palette()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5)
        if filtered:
            fill = QColor(ACTIVE)
            fill.setAlpha(40 if not hover else 70)
            border = QColor(ACTIVE)
        else:
            fill = pal.color(QPalette.ColorRole.Base) if not hover else pal.color(QPalette.ColorRole.Midlight)
            border = pal.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 2.5, 2.5)
        ink = ACTIVE if filtered else pal.color(QPalette.ColorRole.ButtonText)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        s = box.width()
        cx, cy = box.center().x(), box.center().y()
        if filtered:
            # a funnel: the mark Excel users know for "this column is filtered"
            funnel = QPainterPath()
            top, w = box.top() + s * 0.22, s * 0.62
            funnel.moveTo(cx - w / 2, top)
            funnel.lineTo(cx + w / 2, top)
            funnel.lineTo(cx + s * 0.07, top + s * 0.3)
            funnel.lineTo(cx + s * 0.07, box.bottom() - s * 0.18)
            funnel.lineTo(cx - s * 0.07, box.bottom() - s * 0.26)
            funnel.lineTo(cx - s * 0.07, top + s * 0.3)
            funnel.closeSubpath()
            if sort is not None:
                funnel.translate(-s * 0.14, 0)
            painter.drawPath(funnel)
        else:
            # the drop-down arrow
            w = s * 0.42
            ax = cx - (s * 0.12 if sort is not None else 0)
            painter.drawPolygon(QPolygonF([QPointF(ax - w / 2, cy - w * 0.25), QPointF(ax + w / 2, cy - w * 0.25),
                                           QPointF(ax, cy + w * 0.35)]))
        if sort is not None:
            # a small arrow at the right: up for A to Z, down for Z to A
            pen = QPen(ink, max(1.2, s * 0.09))
            painter.setPen(pen)
            x = box.right() - s * 0.2
            t, b = box.top() + s * 0.2, box.bottom() - s * 0.2
            painter.drawLine(QPointF(x, t), QPointF(x, b))
            head = s * 0.14
            if sort == "asc":
                painter.drawLine(QPointF(x, t), QPointF(x - head, t + head))
                painter.drawLine(QPointF(x, t), QPointF(x + head, t + head))
            else:
                painter.drawLine(QPointF(x, b), QPointF(x - head, b - head))
                painter.drawLine(QPointF(x, b), QPointF(x + head, b - head))
        painter.restore()

    def section_at(self, pos: QPoint) -> int:
        """The column under a point of the viewport (-1 for none)."""
        return self.logicalIndexAt(pos)
