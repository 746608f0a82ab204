"""The main window: the tabs (Balie, Stemmingen, Leden en vertegenwoordigers), the menus, the status.

The window holds no use case: every menu item is a :class:`~desk_app.ui.menu_actions.MenuActions`
method, every tab a panel the composition root hands in. What it shows itself — the members tab
and the meeting's state in the status bar — follows the process's one change feed.

The status bar also says where the meeting is: a file ("Bestand … · SQLite, één laptop") or the
meeting server, with this desk's own connection (which host, primary, since when, or GEEN
VERBINDING: the feed's ``link_changed``) and what the desk can see of the formation (each data
node primary, standby or unreachable; the monitor when its address is known: :meth:`set_formation`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QMenu, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desk_app.domain.changes import Change, Topic
from desk_app.domain.clock import local_time
from desk_app.services.meeting import MeetingService, MemberRow
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.register_view import RegisterView


class MainWindow(QMainWindow):
    """Tabs and menus; ``action(name)`` gives a menu item (tests trigger them)."""

    def __init__(self, meeting: MeetingService, feed: ChangeFeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = meeting
        m = meeting.meeting()
        self.setWindowTitle(f"Stembalie — {m.name}, {m.date}, {m.place}")
        self.tabs = QTabWidget()
        self.register_view = RegisterView(meeting.member_rows(), meeting.totals())
        self.tabs.addTab(self.register_view, self.tr("Leden en vertegenwoordigers"))
        # Feedback that matters (meeting opened, backup made) is shown big above the tabs, not
        # only in the status bar where nobody at the desk looks.
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Melding"))
        self.notice.setStyleSheet(
            "QLabel#notice { font-size: 20px; font-weight: bold; color: #0B3D1A;"
            " background: #D9F2DF; border: 2px solid #1B6B2F; padding: 8px 14px; }"
        )
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notice)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        # Where the meeting is (file or server), this desk's connection, and the formation as seen from here.
        self.connection = QLabel()
        self.connection.setObjectName("connection")
        self.connection.setAccessibleName(self.tr("Verbinding"))
        self.statusBar().addPermanentWidget(self.connection)
        self._link: Any = None
        self._formation: Any = None
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        #: Called with the member a double-click in the members tab chose (the menu actions set it).
        self.on_member_chosen: Callable[[MemberRow], None] | None = None
        self.register_view.table.doubleClicked.connect(self._on_table_double_clicked)
        feed.changed.connect(self._on_feed_changed)
        feed.link_changed.connect(self.set_link)
        self._link = feed.link_state
        self._update_status()
        self._update_connection()

    # -- menus ------------------------------------------------------------------------------------
    def menu(self, key: str, title: str) -> QMenu:
        if key not in self.menus:
            self.menus[key] = self.menuBar().addMenu(title)
        return self.menus[key]

    def add_action(
        self,
        menu: str,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        """One menu item running ``slot``; ``name`` is how tests and the code find it again."""
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        self.menus[menu].addAction(act)
        self._actions[name] = act
        return act

    def notify(self, text: str, seconds: int = 10) -> None:
        """Show ``text`` big above the tabs for a while (and in the status bar)."""
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start(seconds * 1000)
        self.statusBar().showMessage(text, seconds * 1000)

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def add_tab(self, index: int, panel: QWidget, title: str, *, scroll: bool = True) -> None:
        """Add a panel as a tab, in a scroll area unless ``scroll`` is False: a tab that needs more
        room than the screen has (the voting tab's row of buttons on a 1024 px screen) scrolls,
        instead of making the whole window wider than the screen and cutting off the desk. The
        desk itself fits 1024 px and lays itself out for the room it gets (no scroll area)."""
        if not scroll:
            self.tabs.insertTab(index, panel, title)
            return
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(panel)
        area.setFocusProxy(panel)
        self.tabs.insertTab(index, area, title)

    # -- what the window shows itself ---------------------------------------------------------------
    def _on_feed_changed(self, change: Change) -> None:
        if change.touches(Topic.MEMBERS, Topic.PRESENCE):
            self.register_view.set_data(self.service.member_rows(), self.service.totals())
        if change.touches(Topic.MEETING, Topic.MEMBERS):
            self._update_status()

    def _update_status(self) -> None:
        m = self.service.meeting()
        state = self.tr("geopend, stemgewichten vast") if m.is_open else self.tr("in voorbereiding")
        self.status.setText(
            self.tr("Vergadering {no} · {state} · {path}").format(
                no=m.meeting_no, state=state, path=self.service.store.target
            )
        )
        if "open_meeting" in self._actions:
            self._actions["open_meeting"].setEnabled(not m.is_open)

    # -- where the meeting is, and this desk's connection --------------------------------------------
    @property
    def engine_text(self) -> str:
        """'SQLite-bestand (één laptop)' or 'vergaderserver (PostgreSQL)'."""
        if self.service.store.engine == "postgresql":
            return self.tr("vergaderserver (PostgreSQL)")
        return self.tr("SQLite-bestand (één laptop)")

    def set_link(self, state: Any) -> None:
        """This desk's connection to the primary changed (the feed's ``link_changed``)."""
        self._link = state
        self._update_connection()

    def set_formation(self, view: Any) -> None:
        """What the desk sees of the formation (:class:`desk_app.server.watch.FormationView`)."""
        self._formation = view
        self._update_connection()

    def _update_connection(self) -> None:
        parts = [self.engine_text]
        link = self._link
        if link is not None:
            if link.connected is False:
                parts.append(self.tr("GEEN VERBINDING sinds {time}").format(time=_clock(link.since)))
            elif link.connected:
                role = self.tr("primair") if link.in_recovery is False else self.tr("standby")
                parts.append(
                    self.tr("verbonden met {host}:{port} ({role}) sinds {time}").format(
                        host=link.host, port=link.port, role=role, time=_clock(link.since)
                    )
                )
            else:
                parts.append(self.tr("verbinding wordt gemaakt…"))
        view = self._formation
        if view is not None:
            roles = {
                "primary": self.tr("primair"),
                "standby": self.tr("standby"),
                "unreachable": self.tr("onbereikbaar"),
            }
            nodes = ", ".join(f"{h.address} {roles.get(h.role, h.role)}" for h in view.hosts)
            parts.append(self.tr("servers: {nodes}").format(nodes=nodes))
            if view.monitor is None:
                parts.append(self.tr("monitor: niet bekend op deze balie"))
            else:
                parts.append(
                    self.tr("monitor {address}: {state}").format(
                        address=view.monitor,
                        state=self.tr("bereikbaar") if view.monitor_up else self.tr("onbereikbaar"),
                    )
                )
        text = " · ".join(parts)
        self.connection.setText(text)
        down = link is not None and link.connected is False
        self.connection.setStyleSheet("color: white; background: #B3201A; font-weight: bold;" if down else "")

    def refresh(self) -> None:
        """Everything the window shows, read again (after a change the feed cannot know of)."""
        self.register_view.set_data(self.service.member_rows(), self.service.totals())
        self._update_status()

    def current_panel(self) -> QWidget | None:
        return self.panel_at(self.tabs.currentIndex())

    def panel_at(self, index: int) -> QWidget | None:
        """The panel of tab ``index`` (inside its scroll area)."""
        widget = self.tabs.widget(index)
        return widget.widget() if isinstance(widget, QScrollArea) else widget

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.register_view.row_at(index)
        if row is not None and self.on_member_chosen is not None:
            self.on_member_chosen(row)

    def _on_tabs_current_changed(self, index: int) -> None:
        # Keyboard first: after Ctrl+Tab the tab's own keys (F5, Enter…) must work at once,
        # not only after a click into it.
        widget = self.panel_at(index)
        if widget is not None:
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if event.key() == Qt.Key.Key_F3 and self.current_panel() is self.register_view:
            self.register_view.search.setFocus()
            return
        super().keyPressEvent(event)


def _clock(ts: float) -> str:
    """'14:03:07' (Amsterdam) for a ``time.time()``."""
    return local_time(datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")) if ts else "?"
