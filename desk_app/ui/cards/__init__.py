"""The stemkaarten window: make, preview, send and resume (issue 14.2).

* :mod:`.window` — :class:`~desk_app.ui.cards.window.CardsWindow`, the window.
* :mod:`.model` — :class:`~desk_app.ui.cards.model.CardStatusModel`, the per-municipality list.
"""

from desk_app.ui.cards.window import CardsWindow

__all__ = ["CardsWindow"]
