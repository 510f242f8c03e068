"""Draw the Roster Prep icon with QPainter and write resources/icons/rosterprep.{png,ico,icns}.

Run once after changing the drawing; the outputs are committed so a build needs no drawing step:
``QT_QPA_PLATFORM=offscreen python packaging/make_icons.py``. The ICO and ICNS containers are
written by hand (PNG-compressed entries, supported since Windows Vista and macOS 10.7) so that no
Qt image-format plugin is needed and the bytes do not depend on the Qt version's encoder settings.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# (OSType, pixel size) pairs of the PNG-capable ICNS entries.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def draw(size: int) -> QImage:
    """The icon at ``size`` pixels: a blue tile holding a roster sheet with a green check mark."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256.0, size / 256.0)  # draw on a 256-unit canvas

    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    grad = QLinearGradient(QPointF(0, 8), QPointF(0, 248))
    grad.setColorAt(0.0, QColor("#3b82c4"))
    grad.setColorAt(1.0, QColor("#1f4e8c"))
    p.fillPath(tile, QBrush(grad))

    # The sheet: a white page with a header band and ruled rows, like a roster file.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(52, 40, 152, 176), 12, 12)
    p.setBrush(QColor("#c9d8ea"))
    p.drawRoundedRect(QRectF(52, 40, 152, 34), 12, 12)
    p.drawRect(QRectF(52, 58, 152, 16))
    if size >= 32:  # ruled lines would only blur at the smallest sizes
        p.setPen(QPen(QColor("#9fb4cc"), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (100, 128, 156, 184):
            p.drawLine(QPointF(72, y), QPointF(184, y))

    # The check mark on a green disc at the bottom right: "checked and ready".
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawEllipse(QPointF(184, 188), 50, 50)
    p.setBrush(QColor("#2e9e5b"))
    p.drawEllipse(QPointF(184, 188), 42, 42)
    tick = QPainterPath(QPointF(163, 189))
    tick.lineTo(178, 204)
    tick.lineTo(206, 172)
    p.setPen(QPen(QColor("#ffffff"), 13, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    """PNG encoding of ``img`` (Qt's built-in PNG writer, no plugin needed)."""
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):
        raise RuntimeError("could not encode PNG")
    buf.close()
    return bytes(ba.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (ICONDIR + ICONDIRENTRY table + data)."""
    sizes = sorted(pngs)
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    data = b""
    for s in sizes:
        blob = pngs[s]
        dim = 0 if s >= 256 else s  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(data))
        data += blob
    return out + data


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file of PNG entries: 'icns' + total length, then (type, length, data) records."""
    body = b""
    for ostype, s in ICNS_TYPES:
        blob = pngs[s]
        body += ostype + struct.pack(">I", 8 + len(blob)) + blob
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Render every size and write the three icon files."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts/painting need it
    sizes = sorted(set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    pngs = {s: png_bytes(draw(s)) for s in sizes}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "rosterprep.png").write_bytes(pngs[256])
    (OUT / "rosterprep.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (OUT / "rosterprep.icns").write_bytes(icns_bytes(pngs))
    for name in ("rosterprep.png", "rosterprep.ico", "rosterprep.icns"):
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
