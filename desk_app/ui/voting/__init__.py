"""The Stemmingen tab and the chair's tally screen, as panels over the voting services.

* :mod:`.tab` — :class:`~desk_app.ui.voting.tab.VotingTab`: the chair's table (the vote's
  lifecycle keys, the result as computed) around the panels below.
* :mod:`.agenda_panel` — the agenda in voting order, the order, the agenda file, the choice sheet.
* :mod:`.teller_panel` — a stemopnemer scans a stempas, then a choice (the service answers).
* :mod:`.roll_call` — the roll-call grid over its ``QAbstractTableModel`` (:mod:`.models`).
* :mod:`.results_import` — a results file from an external voting system.
* :mod:`.dialogs` — confirm, acclamation, declare.
* :mod:`.tally` — the hall's screen, a thin view over ``services.chair.ChairScreen``.

Nothing here polls: the tab and the tally window take the process's one
:class:`~desk_app.ui.change_feed.ChangeFeed` and redraw what a change touched.
"""
