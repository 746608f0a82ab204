"""First run: no meeting yet. Open a meeting file, create a new meeting, try the demo, or connect to a
meeting server (several desks: :class:`ServerDialog`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app import paths
from desk_app.domain.clock import amsterdam, now_iso
from desk_app.server import login
from desk_app.server.dsn import ClientTimeouts, multi_host_dsn, parse_dsn
from desk_app.server.probe import probe
from desk_app.ui.style import readable


class NewMeetingDialog(QDialog):
    """Name, date, place, desks, register file and where to save the meeting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nieuwe vergadering"))
        readable(self)
        self.setMinimumWidth(720)
        self.name = QLineEdit(self.tr("Algemene Ledenvergadering VNG"))
        today = amsterdam(now_iso()).date()  # the meeting's clock, not the laptop's time zone
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.place = QLineEdit()
        self.desks = QLineEdit("balie-1, balie-2")
        self.register = QLineEdit(str(paths.default_register()))
        browse = QPushButton(self.tr("Kies…"))
        browse.clicked.connect(self._on_browse_clicked)
        reg_row = QHBoxLayout()
        reg_row.addWidget(self.register, 1)
        reg_row.addWidget(browse)
        self.file = QLineEdit(str(paths.user_data_dir() / "meetings" / f"alv-{today.isoformat()}.sqlite"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        form = QFormLayout(self)
        form.addRow(self.tr("Naam"), self.name)
        form.addRow(self.tr("Datum"), self.date)
        form.addRow(self.tr("Plaats"), self.place)
        form.addRow(self.tr("Balies (komma-gescheiden)"), self.desks)
        form.addRow(self.tr("Ledenregister (CSV, CBS-indeling)"), reg_row)
        register_label = form.labelForField(reg_row)
        if isinstance(register_label, QLabel):
            register_label.setBuddy(self.register)  # a screen reader names the field in the row
        form.addRow(self.tr("Vergaderbestand"), self.file)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Aanmaken"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Ledenregister"), str(Path.home()), "CSV (*.csv)")
        if name:
            self.register.setText(name)

    def values(self) -> dict[str, object]:
        return {
            "name": self.name.text().strip(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "place": self.place.text().strip(),
            "desks": [d.strip() for d in self.desks.text().split(",") if d.strip()],
            "register": Path(self.register.text().strip()),
            "file": Path(self.file.text().strip()),
        }

    def show_error(self, text: str) -> None:
        self.error.setText(text)


def _hosts(text: str) -> list[tuple[str, int]]:
    """'alv-a, alv-b:5433' → [('alv-a', 5432), ('alv-b', 5433)]; ValueError naming a bad one."""
    hosts: list[tuple[str, int]] = []
    for item in (part.strip() for part in text.replace(";", ",").replace(" ", ",").split(",")):
        if not item:
            continue
        host, sep, port = item.rpartition(":")
        if not sep:
            host, port = item, "5432"
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(item)
        hosts.append((host, int(port)))
    if not hosts:
        raise ValueError("")
    return hosts


class ServerDialog(QDialog):
    """Connect this desk to the meeting server: the data nodes, database, user, password, monitor.

    "Verbinding testen" tries the URI at once and says where it landed (primary or standby). On
    "Verbinden" the address is remembered (without the password) and, when "Wachtwoord onthouden"
    is ticked, the password is kept in the system keyring like the SMTP password.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verbinden met een vergaderserver"))
        readable(self)
        self.setMinimumWidth(760)
        last = login.remembered()
        parsed = None
        if last is not None:
            try:
                parsed = parse_dsn(last.dsn)
            except ValueError:
                parsed = None
        self.hosts = QLineEdit(", ".join(f"{h}:{p}" for h, p in parsed.hosts) if parsed else "alv-a:5432, alv-b:5432")
        self.hosts.setToolTip(self.tr("De datalaptops van de formatie, gescheiden door komma's"))
        self.database = QLineEdit(parsed.dbname if parsed else "stembalie")
        self.user = QLineEdit(parsed.user if parsed else "stembalie")
        self.password = QLineEdit(login.password_for(last.dsn) or "" if last is not None else "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.monitor = QLineEdit(last.monitor if last is not None else "")
        self.monitor.setPlaceholderText(self.tr("alv-mon:5431 (mag leeg)"))
        self.keep = QCheckBox(self.tr("Wachtwoord onthouden (in de sleutelbos van het systeem)"))
        self.keep.setChecked(True)
        self.test_button = QPushButton(self.tr("Verbinding testen"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Datalaptops (host:poort)"), self.hosts)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("Gebruiker"), self.user)
        form.addRow(self.tr("Wachtwoord"), self.password)
        form.addRow(self.tr("Monitor (optioneel)"), self.monitor)
        form.addRow(self.keep)
        form.addRow(self.test_button, self.outcome)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Verbinden"))
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def dsn(self) -> str:
        """The multi-host URI (no password); ValueError with what is wrong."""
        try:
            hosts = _hosts(self.hosts.text())
        except ValueError as exc:
            raise ValueError(
                self.tr("Onjuiste datalaptop: '{item}' (schrijf host:poort, gescheiden door komma's)").format(
                    item=str(exc)
                )
            ) from None
        if not self.database.text().strip() or not self.user.text().strip():
            raise ValueError(self.tr("Vul de database en de gebruiker in."))
        return multi_host_dsn(
            hosts,
            self.database.text().strip(),
            self.user.text().strip(),
            timeouts=ClientTimeouts(),
            application_name="stembalie-balie",
        )

    def _say(self, text: str, ok: bool) -> None:
        self.outcome.setText(text)
        self.outcome.setStyleSheet("color: #1B6B2F; font-weight: bold;" if ok else "color: #b00020; font-weight: bold;")

    def test(self) -> bool:
        """Try the address now; the outcome in words beside the button."""
        try:
            dsn = self.dsn()
        except ValueError as exc:
            self._say(str(exc), False)
            return False
        found = probe(dsn, password=self.password.text() or None, timeout=5.0)
        if not found.ok:
            self._say(self.tr("Geen verbinding: {error}").format(error=found.error), False)
            return False
        role = self.tr("primair") if found.writable else self.tr("standby")
        self._say(
            self.tr("Verbonden met {host}:{port} ({role}).").format(host=found.host, port=found.port, role=role),
            found.writable,
        )
        return found.writable

    def _on_test_button_clicked(self) -> None:
        self.test()

    def _on_accepted(self) -> None:
        try:
            dsn = self.dsn()
        except ValueError as exc:
            self._say(str(exc), False)
            return
        login.remember(login.ServerLogin(dsn, self.monitor.text().strip()))
        if self.keep.isChecked() and self.password.text():
            login.keep_password(dsn, self.password.text())
        elif not self.keep.isChecked():
            login.forget_password(dsn)
        self.accept()

    def values(self) -> tuple[str, str, str]:
        """(URI, password, monitor) as chosen."""
        return self.dsn(), self.password.text(), self.monitor.text().strip()


class FirstRunWidget(QWidget):
    """Four big choices; the composition root acts on the signals."""

    open_requested = Signal(Path)
    new_requested = Signal(dict)
    demo_requested = Signal()
    #: Connect to the meeting server: (URI without password, password or "", monitor or "").
    server_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Welkom bij Stembalie"))
        f = QFont(title.font())
        f.setPointSize(f.pointSize() * 2)
        f.setBold(True)
        title.setFont(f)
        intro = QLabel(
            self.tr(
                "Er is nog geen vergadering geopend. Kies wat u wilt doen. De demo gebruikt het echte "
                "CBS-ledenregister van 2024, fictieve vertegenwoordigers en de agenda van de Extra ALV van "
                "24 mei 2024: zo loopt u de hele dag door zonder camera of printer."
            )
        )
        intro.setWordWrap(True)
        fi = QFont(intro.font())
        fi.setPointSize(fi.pointSize() + 2)
        intro.setFont(fi)
        self.open_button = QPushButton(self.tr("Vergaderbestand openen…"))
        self.new_button = QPushButton(self.tr("Nieuwe vergadering aanmaken…"))
        self.demo_button = QPushButton(self.tr("Demo proberen"))
        self.server_button = QPushButton(self.tr("Verbinden met een vergaderserver…"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(intro)
        for b in (self.open_button, self.new_button, self.demo_button, self.server_button):
            b.setMinimumHeight(56)
            bf = QFont(b.font())
            bf.setPointSize(bf.pointSize() + 4)
            b.setFont(bf)
            layout.addWidget(b)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        layout.addWidget(self.error)
        layout.addStretch(2)
        self.setMaximumWidth(900)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.demo_button.clicked.connect(self.demo_requested)
        self.server_button.clicked.connect(self._on_server_clicked)

    def _on_open_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Vergaderbestand openen"), str(paths.user_data_dir()), self.tr("Vergaderingen (*.sqlite)")
        )
        if name:
            self.open_requested.emit(Path(name))

    def _on_new_clicked(self) -> None:
        dialog = NewMeetingDialog(self)
        if dialog.exec():
            self.new_requested.emit(dialog.values())

    def _on_server_clicked(self) -> None:
        dialog = ServerDialog(self)
        if dialog.exec():
            self.server_requested.emit(*dialog.values())

    def show_error(self, text: str) -> None:
        self.error.setText(text)
