"""The stemkaarten window: make, preview, send and resume, for the secretariat.

* **Make** all cards into a folder (each read back before it counts) with ``stemkaarten.csv``.
* **Preview** the current card of the selected municipality: the A4 page and the phone image,
  painted in memory as they will be printed and mailed.
* **Send** them to the secretaries by SMTP. The server settings come from *Instellingen*; the
  password is typed here and kept in the system keyring only when *onthouden* is ticked (after
  the server accepted it), never in the preferences file. A test message to the sender's own
  address must go through first: only then can a batch start, and again after any change of
  server, user, sender or password.
* **Resume**: the list says per municipality whether its card was sent, failed (with the
  server's reason), is uncertain, not yet sent, or has no address. *Stoppen* ends a batch between
  two messages; *Verder versturen* sends the rest, and nobody gets a second message (the service
  keeps the send records). An uncertain send is only repeated when the operator asks.

Everything slow runs through the project's job helper (:mod:`desk_app.ui.jobs`) on a worker
thread that opens its own connection (:meth:`Session.reopen`); PySide6's lazily made types for
painting are made on the GUI thread first (:meth:`CardService.prepare`, issue 12.12).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent, QFontMetrics, QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app import credentials
from desk_app.domain.clock import dutch_date
from desk_app.domain.text import DeskError
from desk_app.services.cards import BatchResult, CardService, MailState, SendResult, SmtpSettings, TestMessage
from desk_app.session import Session
from desk_app.settings import Preferences
from desk_app.ui import words
from desk_app.ui.cards.model import CardStatusModel
from desk_app.ui.jobs import JobSignals, PoolRunner, Progress, Runner

log = logging.getLogger("stembalie.cards")

ServiceFactory = Callable[[Session], CardService]

_STYLE = (
    "QWidget { font-size: 14px; }"
    "QLabel#banner { padding: 8px; font-weight: bold; }"
    "QLabel#banner[tone='ok'] { background: #E3F4E6; color: #1B5E20; }"
    "QLabel#banner[tone='warn'] { background: #FFF1D6; color: #7A4A00; }"
    "QLabel#banner[tone='error'] { background: #FDECEA; color: #8A1C13; }"
    "QLabel#counts { font-weight: bold; }"
    "QLabel#previewTitle { font-weight: bold; }"
    "QLabel.preview { background: #F4F4F4; border: 1px solid #CCCCCC; }"
)


#: The preview's least width (it scales; the list needs the room more on a small screen).
_MIN_PREVIEW = 220


# Where a name or an address may wrap: after a space or hyphen, after an address's @.
_BREAKS = re.compile(r"(?<=[\s@-])")


class _AddressDelegate(QStyledItemDelegate):
    """An e-mail address that may wrap after its @ when its column is narrow (a zero-width
    space there, on screen only: the model, the tooltip and a copy keep the address as it is)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.text = option.text.replace("@", "@\u200b")


def _default_service(session: Session) -> CardService:
    return session.cards


class CardsWindow(QDialog):
    """Make, preview and send the stemkaarten of the meeting of ``session``.

    ``prefs``: this laptop's SMTP settings; ``runner``: the job helper (the app's, or a test's);
    ``codes``: only these municipalities (all by default); ``service``: builds the card service on
    a session (tests pass one with stub cards).
    """

    def __init__(
        self,
        session: Session,
        prefs: Preferences,
        parent: QWidget | None = None,
        *,
        runner: Runner | None = None,
        out_dir: Path | None = None,
        codes: Sequence[str] | None = None,
        service: ServiceFactory = _default_service,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.prefs = prefs
        self.runner: Runner = runner or PoolRunner()
        self.codes = list(codes) if codes is not None else None
        self.make_service = service
        self.service = service(session)  # this (GUI) thread's: statuses and preview
        self.lang = session.tr.lang
        self.busy: str | None = None  # "make", "send" or "test" while a job runs
        self.tested: str | None = None  # the settings (and password) the test message went through with
        self.last_test: TestMessage | None = None
        self.last_send: SendResult | None = None
        self.last_make: BatchResult | None = None
        self._stop = threading.Event()
        self._close_when_done = False
        self._jobs: list[JobSignals] = []
        self._images: tuple[QImage, QImage] | None = None
        self.setWindowTitle(self.tr("Stemkaarten maken en versturen"))
        self.setStyleSheet(_STYLE)
        self._build(out_dir or session.store.path.parent / "stemkaarten")
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.refresh()
        self.fit_screen(QSize(1300, 720))
        if self.model.rows:
            self.table.selectRow(0)

    # -- building -----------------------------------------------------------------------------------
    def _build(self, out_dir: Path) -> None:
        root = QVBoxLayout(self)
        meeting = self.service.meeting()
        day = dutch_date(meeting.date) if self.lang == "nl" else meeting.date
        title = QLabel(
            self.tr("Stemkaarten voor de {meeting}, {date}, {place}").format(
                meeting=meeting.name, date=day, place=meeting.place
            )
        )
        title.setObjectName("previewTitle")
        # Long lines wrap rather than make the window wider than a 1024 px screen.
        title.setWordWrap(True)
        root.addWidget(title)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        root.addWidget(self.banner)

        top = QHBoxLayout()
        root.addLayout(top)
        folder_box = QGroupBox(self.tr("1. Kaarten maken"))
        fl = QGridLayout(folder_box)
        fl.addWidget(QLabel(self.tr("Map:")), 0, 0)
        self.folder = QLineEdit(str(out_dir))
        fl.addWidget(self.folder, 0, 1)
        self.choose_button = QPushButton(self.tr("Kiezen…"))
        self.choose_button.clicked.connect(self._on_choose_clicked)
        fl.addWidget(self.choose_button, 0, 2)
        self.make_button = QPushButton(self.tr("&Kaarten maken"))
        self.make_button.setToolTip(
            self.tr(
                "Maakt van elke gemeente een A4-PDF en een telefoonafbeelding, leest "
                "elke kaart terug en schrijft stemkaarten.csv"
            )
        )
        self.make_button.clicked.connect(self.make_cards)
        fl.addWidget(self.make_button, 1, 1, 1, 2, Qt.AlignmentFlag.AlignRight)
        top.addWidget(folder_box, 2)

        mail_box = QGroupBox(self.tr("2. Mailserver en testbericht"))
        ml = QGridLayout(mail_box)
        self.server_label = QLabel(self._server_text())
        self.server_label.setWordWrap(True)
        ml.addWidget(self.server_label, 0, 0, 1, 3)
        ml.addWidget(QLabel(self.tr("Wachtwoord:")), 1, 0)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textChanged.connect(self._on_password_text_changed)
        ml.addWidget(self.password, 1, 1)
        self.remember = QCheckBox(self.tr("&Onthouden (in de sleutelbos van dit systeem)"))
        ml.addWidget(self.remember, 1, 2)
        self.test_button = QPushButton(self.tr("&Testbericht aan mijzelf"))
        self.test_button.setToolTip(
            self.tr("Stuurt één bericht naar het afzenderadres. Pas daarna kan het versturen beginnen.")
        )
        self.test_button.clicked.connect(self.send_test)
        ml.addWidget(self.test_button, 2, 2)
        self.test_label = QLabel(self.tr("Nog geen testbericht verstuurd."))
        self.test_label.setWordWrap(True)
        ml.addWidget(self.test_label, 2, 0, 1, 2)
        top.addWidget(mail_box, 3)
        kept = bool(self.prefs.smtp_host and credentials.kept_password(self.prefs.smtp_host, self.prefs.smtp_user))
        self.remember.setChecked(kept)
        self.password.setPlaceholderText(
            self.tr("bewaard in de sleutelbos") if kept else self.tr("wachtwoord van de mailserver")
        )

        split = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        ll.addWidget(self.counts)
        self.model = CardStatusModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        # Nothing cut off: an address or a server's answer is read whole (and in its tooltip). The
        # columns take their texts' width, the reason the rest, wrapping onto more lines; when
        # the list is narrow, names and addresses wrap too (an address after its @), and the
        # rows grow with it (see _fit_columns).
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setItemDelegateForColumn(CardStatusModel.EMAIL, _AddressDelegate(self.table))
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column in (CardStatusModel.CODE, CardStatusModel.VERSION, CardStatusModel.STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (CardStatusModel.NAME, CardStatusModel.EMAIL, CardStatusModel.DETAIL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self._natural: dict[int, tuple[int, int]] = {}  # column: (width unwrapped, width wrapped)
        self._reason_word: int | None = None  # the reasons' longest word, measured once per change
        self.model.modelReset.connect(self._on_model_reset)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        ll.addWidget(self.table, 1)
        split.addWidget(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel(self.tr("Voorbeeld"))
        self.preview_title.setObjectName("previewTitle")
        self.preview_title.setWordWrap(True)
        rl.addWidget(self.preview_title)
        self.preview_tabs = QTabWidget()
        self.page_view = self._preview_label()
        self.phone_view = self._preview_label()
        self.preview_tabs.addTab(self.page_view, self.tr("A4-kaart (PDF)"))
        self.preview_tabs.addTab(self.phone_view, self.tr("Telefoon (PNG)"))
        rl.addWidget(self.preview_tabs, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        bottom = QGridLayout()
        root.addLayout(bottom)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        bottom.addWidget(self.progress, 0, 0, 1, 5)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        bottom.addWidget(self.progress_label, 1, 0, 1, 5)
        self.resend_uncertain = QCheckBox(self.tr("Ook &onzekere opnieuw versturen"))
        self.resend_uncertain.setToolTip(
            self.tr("Alleen als de ontvanger meldt dat er niets aankwam: de server kan het eerste bericht al hebben.")
        )
        bottom.addWidget(self.resend_uncertain, 2, 0)
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send_cards)
        bottom.addWidget(self.send_button, 2, 2)
        self.stop_button = QPushButton(self.tr("&Stoppen"))
        self.stop_button.setToolTip(self.tr("Stopt na het bericht dat nu wordt verstuurd"))
        self.stop_button.clicked.connect(self.stop)
        bottom.addWidget(self.stop_button, 2, 3)
        self.close_button = QPushButton(self.tr("Sluiten"))
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button, 2, 4)
        bottom.setColumnStretch(1, 1)

    def _on_model_reset(self) -> None:
        self._forget_widths()
        self._fit_columns()

    def _on_model_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        if bottom_right.column() >= CardStatusModel.DETAIL:  # a new reason may have a longer word
            self._reason_word = None
            self._fit_columns()

    def _forget_widths(self) -> None:
        self._natural.clear()
        self._reason_word = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _widths(self, column: int) -> tuple[int, int]:
        """The column's width with its texts on one line, and wrapped; measured once per set of rows."""
        if column not in self._natural:
            one_line = max(self.table.horizontalHeader().sectionSizeHint(column), self.table.sizeHintForColumn(column))
            self._natural[column] = (one_line, self._longest_word(column))
        return self._natural[column]

    def _longest_word(self, column: int) -> int:
        """The column's width with its texts wrapped: its longest word (an address broken after its @)."""
        metrics = QFontMetrics(self.table.font())
        pad = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        pieces = {
            piece
            for row in range(self.model.rowCount())
            for piece in _BREAKS.split(str(self.model.index(row, column).data() or ""))
        }
        return max(
            [
                self.table.horizontalHeader().sectionSizeHint(column),
                *(metrics.horizontalAdvance(p) + pad for p in pieces),
            ]
        )

    def _fixed_width(self) -> int:
        """Code, version and status: short texts, always whole on one line."""
        m, header = CardStatusModel, self.table.horizontalHeader()
        return sum(header.sectionSize(c) for c in (m.CODE, m.VERSION, m.STATE))

    def _reason_room(self) -> int:
        """The least a reason gets on a line: a few words of the server's answer."""
        return QFontMetrics(self.table.font()).averageCharWidth() * 34

    def _fit_columns(self) -> None:
        """Names and addresses on one line when the reason keeps its room beside them, else
        wrapped: the address first, then the name. The reason takes the rest, and never less
        than its longest word: in a list dragged too narrow for that, it scrolls sideways."""
        header = self.table.horizontalHeader()
        width = self.table.viewport().width() - self._fixed_width()
        room = width - self._reason_room()
        name, name_wrapped = self._widths(CardStatusModel.NAME)
        email, email_wrapped = self._widths(CardStatusModel.EMAIL)
        if name + email > room:
            email = max(email_wrapped, room - name)
        if name + email > room:
            name = max(name_wrapped, room - email)
        header.resizeSection(CardStatusModel.NAME, name)
        header.resizeSection(CardStatusModel.EMAIL, email)
        # A reason's longest word fits; narrower than that, the list scrolls sideways.
        if self._reason_word is None:  # not again on every resize of the list
            self._reason_word = self._longest_word(CardStatusModel.DETAIL)
        header.resizeSection(CardStatusModel.DETAIL, max(self._reason_word, width - name - email))

    def list_width(self) -> int:
        """The list's width with every text on one line and a reason's room beside it."""
        columns = self._fixed_width() + self._widths(CardStatusModel.NAME)[0] + self._widths(CardStatusModel.EMAIL)[0]
        scroll = self.table.verticalScrollBar().sizeHint().width()
        return columns + self._reason_room() + 2 * self.table.frameWidth() + scroll

    def fit_screen(self, wanted: QSize, room: QSize | None = None) -> None:
        """Open at ``wanted`` or the screen's room, whichever is smaller (a 1024 x 768 laptop too).
        The list gets what it needs for whole lines where it can; the preview (it scales) the rest.
        ``room``: the screen's free room (default: the screen the window is on, less a title bar)."""
        self.ensurePolished()  # measured in the style sheet's type size, not the default one
        self._forget_widths()
        room = room or self.screen().availableGeometry().size() - QSize(0, 40)
        size = wanted.boundedTo(room)
        self.resize(size)
        layout = self.layout()
        margins = layout.contentsMargins().left() + layout.contentsMargins().right() if layout else 0
        width = size.width() - margins - self.splitter.handleWidth()
        # The preview keeps at least room for both its tabs' names.
        least = max(_MIN_PREVIEW, self.preview_tabs.tabBar().sizeHint().width() + 12)
        preview = max(least, min(width * 2 // 5, width - self.list_width()))
        self.splitter.setSizes([width - preview, preview])

    def _preview_label(self) -> QLabel:
        label = QLabel()
        label.setProperty("class", "preview")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setMinimumSize(_MIN_PREVIEW, 200)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        return label

    def _server_text(self) -> str:
        p = self.prefs
        if not p.smtp_host:
            return self.tr("Geen mailserver ingesteld. Vul die in bij Bestand → Instellingen (SMTP).")
        security = {"ssl": "SSL", "starttls": "STARTTLS", "none": self.tr("onbeveiligd")}.get(
            p.smtp_security, p.smtp_security
        )
        return self.tr(
            "Server {host}:{port} ({security}), gebruiker {user}, afzender {sender}. Wijzigen: Bestand → Instellingen."
        ).format(
            host=p.smtp_host,
            port=p.smtp_port,
            security=security,
            user=p.smtp_user or "—",
            sender=p.smtp_from or p.smtp_user or "—",
        )

    def set_preferences(self, prefs: Preferences) -> None:
        """New SMTP settings (the settings dialog was saved): a new test message is needed."""
        self.prefs = prefs
        self.server_label.setText(self._server_text())
        kept = bool(prefs.smtp_host and credentials.kept_password(prefs.smtp_host, prefs.smtp_user))
        self.remember.setChecked(kept)
        self.password.setPlaceholderText(
            self.tr("bewaard in de sleutelbos") if kept else self.tr("wachtwoord van de mailserver")
        )
        self._update_buttons()  # the identity no longer matches the one tested

    # -- what the list and the buttons show --------------------------------------------------------
    def refresh(self) -> None:
        """Read where every card stands (the worker's commits are visible: WAL) and update."""
        try:
            rows = self.service.statuses(self.codes, self.lang)
        except DeskError as err:
            self.show_banner(err.message(self.lang), "error")
            return
        self.model.set_rows(rows)
        self._update_counts()
        self._update_buttons()

    def _update_counts(self) -> None:
        c = self.model.counts()
        self.counts.setText(
            self.tr(
                "{total} gemeenten: verstuurd {sent} · mislukt {failed} · onzeker {uncertain} · nog niet {not_yet} "
                "· geen adres {no_address}"
            ).format(
                total=len(self.model.rows),
                sent=c[MailState.SENT],
                failed=c[MailState.FAILED],
                uncertain=c[MailState.UNCERTAIN],
                not_yet=c[MailState.NOT_YET],
                no_address=c[MailState.NO_ADDRESS],
            )
        )

    def to_send(self) -> int:
        """How many cards the next batch would send."""
        c = self.model.counts()
        return (
            c[MailState.NOT_YET]
            + c[MailState.FAILED]
            + (c[MailState.UNCERTAIN] if self.resend_uncertain.isChecked() else 0)
        )

    def _update_buttons(self) -> None:
        busy = self.busy is not None
        c = self.model.counts()
        n = self.to_send()
        if c[MailState.SENT] or c[MailState.FAILED] or c[MailState.UNCERTAIN]:
            self.send_button.setText(self.tr("&Verder versturen ({n} over)").format(n=n))
        else:
            self.send_button.setText(self.tr("&Versturen ({n})").format(n=words.cards(n)))
        ready = self.tested is not None and self.tested == self._identity(self._password())
        self.send_button.setEnabled(not busy and ready and n > 0)
        self.send_button.setToolTip("" if ready else self.tr("Stuur eerst een testbericht aan uzelf."))
        self.make_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy and bool(self.prefs.smtp_host))
        self.choose_button.setEnabled(not busy)
        self.folder.setEnabled(not busy)
        self.stop_button.setEnabled(busy and self.busy != "test")
        self.resend_uncertain.setEnabled(not busy)

    def show_banner(self, text: str, tone: str = "ok") -> None:
        self.banner.setProperty("tone", tone)
        self.banner.setText(text)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    # -- preview ------------------------------------------------------------------------------------
    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        code = self.model.code_at(min(rows)) if rows else None
        if code:
            self.show_preview(code)

    def show_preview(self, code: str) -> None:
        try:
            preview = self.service.preview(code, dpi=72)
        except DeskError as err:
            self.show_banner(err.message(self.lang), "error")
            return
        row = self.model.rows[self.model.row_of(code)]
        self.preview_title.setText(
            self.tr("Voorbeeld: {name} ({code}), kaartversie {version}").format(
                name=row.municipality, code=code, version=preview.version
            )
        )
        self._images = (preview.page, preview.phone)
        self._scale_preview()

    def _scale_preview(self) -> None:
        if self._images is None:
            return
        for label, image in zip((self.page_view, self.phone_view), self._images, strict=True):
            size = label.size()
            pixmap = QPixmap.fromImage(image).scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            label.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._scale_preview()

    # -- the password -------------------------------------------------------------------------------
    def _password(self) -> str:
        typed = self.password.text()
        if typed or not self.prefs.smtp_user:
            return typed
        return credentials.get_password(self.prefs.smtp_host, self.prefs.smtp_user) or ""

    def _identity(self, password: str) -> str:
        """What the test message vouches for: server, user, sender and password (hashed, in memory)."""
        p = self.prefs
        text = "\n".join([p.smtp_host, str(p.smtp_port), p.smtp_security, p.smtp_user, p.smtp_from, password])
        return hashlib.sha256(text.encode()).hexdigest()

    def _smtp(self) -> SmtpSettings | None:
        if not self.prefs.smtp_host:
            self.show_banner(self._server_text(), "error")
            return None
        password = self._password()
        if self.prefs.smtp_user and not password:
            self.show_banner(self.tr("Vul het wachtwoord van de mailserver in."), "error")
            self.password.setFocus()
            return None
        return SmtpSettings.from_preferences(self.prefs, password)

    def _on_password_text_changed(self, _text: str) -> None:
        self._update_buttons()

    def _keep_password(self) -> str:
        """After the server accepted the password: keep it, or forget it, as the tick says."""
        host, user, typed = self.prefs.smtp_host, self.prefs.smtp_user, self.password.text()
        if not user:
            return ""
        if self.remember.isChecked():
            if not typed:
                return ""
            if credentials.store_password(host, user, typed):
                return self.tr("Het wachtwoord is bewaard in de sleutelbos van dit systeem.")
            return self.tr(
                "Er is geen sleutelbos op dit systeem: het wachtwoord is niet bewaard en wordt de "
                "volgende keer opnieuw gevraagd."
            )
        if credentials.forget_password(host, user):
            return self.tr("Het bewaarde wachtwoord is uit de sleutelbos verwijderd.")
        return ""

    # -- jobs ---------------------------------------------------------------------------------------
    def _start(self, kind: str, work: Callable[[CardService, Progress], Any], done: Callable[[Any], None]) -> None:
        # PySide6 makes some painting types on first use; make them here, on the GUI thread,
        # before a worker paints (issue 12.12).
        self.service.prepare()
        self.busy = kind
        self._stop.clear()
        self.progress.setRange(0, 0 if kind == "test" else 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m")
        self._update_buttons()
        session, make_service = self.session, self.make_service

        def job(progress: Progress) -> Any:
            worker = session.reopen()  # a connection belongs to the thread that opened it
            try:
                return work(make_service(worker), progress)
            finally:
                worker.close()

        def finished(result: Any) -> None:
            self._job_ended()
            done(result)

        signals = self.runner.start(
            job, finished=finished, failed=self._on_job_failed, progressed=self._on_job_progressed
        )
        self._jobs.append(signals)

    def _job_ended(self) -> None:
        if self.busy == "test":
            self.progress.setFormat("")  # a test message has no "n of m"
        self.busy = None
        self._jobs.clear()
        self.progress.setRange(0, max(1, self.progress.maximum()))
        self.refresh()
        if self._close_when_done:
            self.close()

    def _on_job_progressed(self, done: int, total: int, code: str) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        row = self.model.row_of(code)
        name = self.model.rows[row].municipality if row >= 0 else code
        what = self.tr("Versturen") if self.busy == "send" else self.tr("Maken")
        self.progress_label.setText(
            self.tr("{what}: kaart {done} van {total}, {name} ({code})").format(
                what=what, done=done, total=total, name=name, code=code
            )
        )
        if self.busy == "send":
            self.refresh()  # the cards before this one have their outcome recorded

    def _on_job_failed(self, exc: BaseException) -> None:
        if self.busy == "test":  # no longer "being sent"; the banner says why not
            self.test_label.setText(self.tr("Testbericht niet verstuurd: zie de melding bovenaan."))
        self._job_ended()
        if isinstance(exc, DeskError):
            self.show_banner(exc.message(self.lang), "error")
            return
        log.error("cards job failed: %r", exc, exc_info=exc)
        self.show_banner(
            self.tr(
                "Onverwachte fout: {error}. Wat verstuurd is, staat in de lijst; probeer "
                "opnieuw met 'Verder versturen'."
            ).format(error=repr(exc)),
            "error",
        )

    def stop(self) -> None:
        """Stop the batch after the card in progress (nothing is sent twice when resumed)."""
        if self.busy in ("make", "send"):
            self._stop.set()
            self.stop_button.setEnabled(False)
            self.progress_label.setText(self.tr("Stoppen na deze kaart…"))

    # -- make ---------------------------------------------------------------------------------------
    def _on_choose_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Map voor de stemkaarten"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def out_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def make_cards(self) -> None:
        out, codes, stop = self.out_dir(), self.codes, self._stop.is_set
        self.banner.hide()
        self._start(
            "make",
            lambda service, progress: service.make_all(out, progress=progress, codes=codes, cancel=stop),
            self._on_make_done,
        )

    def _on_make_done(self, result: BatchResult) -> None:
        self.last_make = result
        self.model.set_problems({f.code: f.message for f in result.failed})
        text = self.tr("{n} gemaakt en teruggelezen in {s} s. Map: {folder}; index: {index}").format(
            n=words.cards(len(result.made)),
            s=f"{result.seconds:.1f}",
            folder=self.out_dir(),
            index=result.index.name if result.index else "—",
        )
        if result.failed:
            text += "\n" + self.tr("NIET gemaakt (teruglezen mislukt): {codes}").format(
                codes=", ".join(f.code for f in result.failed)
            )
        self.show_banner(text, "warn" if result.failed else "ok")
        self.progress_label.setText("")

    # -- the test message ---------------------------------------------------------------------------
    def send_test(self) -> None:
        smtp = self._smtp()
        if smtp is None:
            return
        identity = self._identity(smtp.password)
        self.banner.hide()
        self.test_label.setText(self.tr("Testbericht wordt verstuurd aan {sender}…").format(sender=smtp.sender))

        def done(sent: TestMessage) -> None:
            self.tested = identity
            self.last_test = sent
            kept = self._keep_password()
            self.test_label.setText(
                self.tr(
                    "Testbericht verstuurd aan {to}. Kijk of het aankwam (ook bij "
                    "ongewenste e-mail); daarna kunt u versturen."
                ).format(to=sent.to)
            )
            # Said once, beside the button that sent it; the banner only for what else happened.
            if kept:
                self.show_banner(kept, "ok")
            self._update_buttons()

        self._start("test", lambda service, _progress: service.send_test(smtp), done)

    # -- send ---------------------------------------------------------------------------------------
    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def send_cards(self) -> None:
        smtp = self._smtp()
        if smtp is None:
            return
        if self.tested != self._identity(smtp.password):
            self.show_banner(
                self.tr("Stuur eerst een testbericht aan uzelf (knop 'Testbericht aan mijzelf')."), "error"
            )
            return
        n = self.to_send()
        resend = self.resend_uncertain.isChecked()
        question = self.tr("{n} versturen naar de gemeentesecretarissen, van {sender}?").format(
            n=words.cards(n), sender=smtp.sender
        )
        if resend and self.model.counts()[MailState.UNCERTAIN]:
            question += "\n\n" + self.tr(
                "Ook de onzekere kaarten gaan opnieuw: wie de eerste al kreeg, krijgt er twee."
            )
        if not self._confirm(self.tr("Stemkaarten versturen"), question):
            return
        out, codes, stop = self.out_dir(), self.codes, self._stop.is_set
        self.banner.hide()
        self._start(
            "send",
            lambda service, progress: service.send_all(
                smtp, out, resend_uncertain=resend, codes=codes, progress=progress, cancel=stop
            ),
            self._on_send_done,
        )

    def _on_send_done(self, result: SendResult) -> None:
        self.last_send = result
        self.model.set_problems({f.code: f.message for f in result.failed})
        text = self.tr(
            "Verstuurd: {sent}, al eerder verstuurd: {already}, mislukt: {failed}, onzeker: "
            "{uncertain}, geen adres: {no_address}."
        ).format(
            sent=len(result.sent),
            already=len(result.already_sent),
            failed=len(result.failed),
            uncertain=len(result.uncertain),
            no_address=len(result.no_address),
        )
        tone = "ok"
        if result.cancelled:
            text += " " + self.tr(
                "Gestopt: {n} nog niet verstuurd. 'Verder versturen' gaat door waar het "
                "stopte; niemand krijgt een tweede bericht."
            ).format(n=len(result.not_reached))
            tone = "warn"
        if result.failed or result.uncertain:
            text += " " + self.tr("Zie de kolom Reden. Mislukte kaarten gaan mee met 'Verder versturen'.")
            tone = "warn"
        self.show_banner(text, tone)
        self.progress_label.setText("")

    # -- closing ------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.busy is not None:
            # The job reports to this window: stop it, and close when it has ended.
            self._close_when_done = True
            self.stop()
            event.ignore()
            return
        super().closeEvent(event)
