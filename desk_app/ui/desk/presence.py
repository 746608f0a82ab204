"""The presence list: every municipality with its status, who holds the pass, since when.

It is the desk's paper fallback: if the laptop dies, the printed list says who is in. So it can be
printed (or saved as PDF) at any moment, with the counters and the time it was made on every
page header. A table view over the service's presence rows; no SQL here. The language of the
rows (status, role, counters) is the desk's :class:`~desk_app.domain.text.Translator`, handed in.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QMarginsF,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QShowEvent, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.checkin import PassStatus, PrintState
from desk_app.domain.clock import amsterdam, local_time, now_iso
from desk_app.domain.mandate import ROLE_LABELS
from desk_app.domain.text import Text, Translator
from desk_app.services.desk import ABSENT, Counters, DeskService, PresenceRow

_ModelIndex = QModelIndex | QPersistentModelIndex


def group_int(n: int, lang: str | None = None) -> str:
    """13111 -> '13.111' in Dutch, '13,111' in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang != "en" else text


STATUS_LABELS: dict[str, Text] = {
    PassStatus.ACTIVE: Text("aanwezig", "present"),
    PassStatus.AWAY: Text("vertrokken", "left"),
    ABSENT: Text("afwezig", "absent"),
}
PRINT_LABELS: dict[str, Text] = {
    PrintState.PRINTED: Text("afgedrukt", "printed"),
    PrintState.FAILED: Text("NIET AFGEDRUKT", "NOT PRINTED"),
    PrintState.PENDING: Text("nog niet afgedrukt", "not printed yet"),
}


def _label(table: dict[str, Text], key: str | None, lang: str | None) -> str:
    return table[key].render(lang) if key and key in table else ""


def role_text(role: str | None, lang: str | None = None) -> str:
    return ROLE_LABELS[role].render(lang) if role in ROLE_LABELS else (role or "")


def counters_text(c: Counters, lang: str | None = None) -> str:
    """'Aanwezig: 1 van 342 gemeenten · 75 van 13.111 stemmen' in ``lang`` (the desk's translator's;
    without one, the process language, for panels that do not pass theirs yet)."""
    lang = lang or "nl"
    members, total_members = group_int(c.present_members, lang), group_int(c.total_members, lang)
    votes, total_votes = group_int(c.present_votes, lang), group_int(c.total_votes, lang)
    if lang == "en":
        return f"Present: {members} of {total_members} municipalities · {votes} of {total_votes} votes"
    return f"Aanwezig: {members} van {total_members} gemeenten · {votes} van {total_votes} stemmen"


class PresenceModel(QAbstractTableModel):
    # Marked for lupdate here, translated where they are shown (headerData, presence_html).
    HEADERS = (
        QT_TRANSLATE_NOOP("PresenceModel", "Gemeente"),
        QT_TRANSLATE_NOOP("PresenceModel", "Code"),
        QT_TRANSLATE_NOOP("PresenceModel", "Stemmen"),
        QT_TRANSLATE_NOOP("PresenceModel", "Status"),
        QT_TRANSLATE_NOOP("PresenceModel", "Vertegenwoordiger"),
        QT_TRANSLATE_NOOP("PresenceModel", "Functie"),
        QT_TRANSLATE_NOOP("PresenceModel", "Sinds"),
        QT_TRANSLATE_NOOP("PresenceModel", "Balie"),
        QT_TRANSLATE_NOOP("PresenceModel", "Pas"),
        QT_TRANSLATE_NOOP("PresenceModel", "Afdruk"),
    )

    def __init__(self, rows: list[PresenceRow] | None = None, lang: str | None = None) -> None:
        super().__init__()
        self._rows: list[PresenceRow] = rows or []
        self.lang = lang

    def set_rows(self, rows: list[PresenceRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @property
    def rows(self) -> list[PresenceRow]:
        return self._rows

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(str(self.HEADERS[section]))
        return None

    def cell(self, row: PresenceRow, column: int) -> str:
        values = (
            row.name,
            row.code,
            str(row.votes),
            _label(STATUS_LABELS, row.status, self.lang),
            row.holder_name or "",
            role_text(row.holder_role, self.lang),
            local_time(row.since) if row.since else "",
            row.desk or "",
            str(row.serial) if row.serial is not None else "",
            _label(PRINT_LABELS, row.print_state, self.lang),
        )
        return values[column]

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:  # sort key: numbers as numbers
            if index.column() == 2:
                return row.votes
            if index.column() == 8:
                return row.serial or 0
            return self.cell(row, index.column()).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class _PresenceFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.status = ""
        self.text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        assert isinstance(model, PresenceModel)
        row = model.rows[source_row]
        if self.status and row.status != self.status:
            return False
        if self.text:
            hay = f"{row.name} {row.code} {row.holder_name or ''}".lower()
            return self.text.lower() in hay
        return True


def presence_html(rows: list[PresenceRow], title: str, subtitle: str, lang: str | None = None) -> str:
    """The printable list as HTML (QTextDocument repeats the <thead> on every page)."""
    model = PresenceModel(rows, lang)
    head = "".join(f"<th align='left'>{html.escape(model.tr(str(h)))}</th>" for h in PresenceModel.HEADERS)
    body = []
    for row in rows:
        cells = "".join(f"<td>{html.escape(model.cell(row, c))}</td>" for c in range(len(PresenceModel.HEADERS)))
        weight = " style='font-weight:bold'" if row.status == PassStatus.ACTIVE else ""
        body.append(f"<tr{weight}>{cells}</tr>")
    return (
        "<html><body style='font-family: DejaVu Sans, Arial; font-size: 8pt'>"
        f"<h2 style='margin:0'>{html.escape(title)}</h2><p>{html.escape(subtitle)}</p>"
        "<table border='1' cellspacing='0' cellpadding='2' width='100%'>"
        f"<thead><tr style='background:#dddddd'>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>"
    )


def print_presence(document_html: str, printer: QPrinter) -> None:
    """Lay the list out on A4 landscape (ten columns need the width) and print it."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
    doc = QTextDocument()
    doc.setHtml(document_html)
    doc.print_(printer)


def write_presence_pdf(document_html: str, path: Path) -> Path:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    print_presence(document_html, printer)
    return path


class PresenceDialog(QDialog):
    """The presence list window: filter, search, print or save as PDF, refresh."""

    def __init__(
        self,
        desk: DeskService,
        texts: Translator,
        parent: QWidget | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """``now``: the meeting's wall clock (Europe/Amsterdam), for the printed time."""
        super().__init__(parent)
        self.desk = desk
        self.texts = texts
        self._now = now or (lambda: amsterdam(now_iso()))
        self.setWindowTitle(self.tr("Presentielijst"))
        self.resize(1200, 700)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        if screen is not None:  # not wider or taller than a 1024 x 768 screen has room for
            room = screen.availableGeometry()
            self.resize(min(1200, room.width() - 40), min(700, room.height() - 60))
        self.model = PresenceModel(lang=texts.lang)
        self.proxy = _PresenceFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Presentielijst"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.counters = QLabel()
        self.counters.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.status = QComboBox()
        for label, key in (
            (self.tr("Alle gemeenten"), ""),
            (self.tr("Aanwezig"), PassStatus.ACTIVE.value),
            (self.tr("Vertrokken"), PassStatus.AWAY.value),
            (self.tr("Afwezig"), ABSENT),
        ):
            self.status.addItem(label, key)
        self.status.setAccessibleName(self.tr("Toon"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Zoek gemeente, code of naam"))
        self.search.setAccessibleName(self.tr("Zoek gemeente, code of naam"))
        self.print_button = QPushButton(self.tr("Afdrukken… (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.pdf_button = QPushButton(self.tr("Opslaan als PDF… (Ctrl+S)"))
        self.pdf_button.setShortcut(QKeySequence("Ctrl+S"))
        self.refresh_button = QPushButton(self.tr("Vernieuwen (F5)"))
        self.refresh_button.setShortcut(QKeySequence("F5"))
        close = QPushButton(self.tr("Sluiten (Esc)"))
        close.clicked.connect(self.reject)
        filters = QHBoxLayout()
        filters.addWidget(self.counters, 1)
        filters.addWidget(self.status)
        filters.addWidget(self.search)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.status.currentIndexChanged.connect(self._on_status_current_index_changed)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        # F4 is pressed to find someone: the typing goes into the search box at once.
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.set_rows(self.desk.presence())
        self.counters.setText(counters_text(self.desk.counters(), self.texts.lang))

    def _on_status_current_index_changed(self, _index: int) -> None:
        self.proxy.status = str(self.status.currentData())
        self.proxy.invalidate()

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.text = text.strip()
        self.proxy.invalidate()

    def document(self) -> str:
        """The list as it is now (always all municipalities: the paper must be complete)."""
        self.refresh()
        m = self.desk.meeting
        title = self.tr("Presentielijst — {name}").format(name=m.name)
        subtitle = self.tr("{date}, {place} · {counters} · stand van {time} ({desk})").format(
            date=m.date,
            place=m.place,
            counters=counters_text(self.desk.counters(), self.texts.lang),
            time=self._now().strftime("%d-%m-%Y %H:%M:%S"),
            desk=self.desk.actor.desk,
        )
        return presence_html(self.model.rows, title, subtitle, self.texts.lang)

    def save_pdf(self, path: Path) -> Path:
        return write_presence_pdf(self.document(), path)

    def _on_pdf_button_clicked(self) -> None:
        stamp = self._now().strftime("%Y%m%d-%H%M%S")
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Presentielijst opslaan"),
            str(Path.home() / f"presentielijst-{stamp}.pdf"),
            self.tr("PDF-bestanden (*.pdf)"),
        )
        if name:
            self.save_pdf(Path(name))

    def _on_print_button_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_presence(self.document(), printer)
