"""Texts below Qt: a counted word takes the singular for one and the plural otherwise."""

from __future__ import annotations

from desk_app.domain.text import Text, counted

ONE, MANY = Text("{n} fout", "{n} problem"), Text("{n} fouten", "{n} problems")


def test_counted_takes_the_singular_for_one_only() -> None:
    assert counted(1, ONE, MANY) == Text("1 fout", "1 problem")
    assert counted(0, ONE, MANY) == Text("0 fouten", "0 problems")
    assert counted(4, ONE, MANY) == Text("4 fouten", "4 problems")


def test_a_counted_word_among_a_message_s_values_reads_in_the_reader_s_language() -> None:
    message = Text("Geweigerd: {count}.", "Refused: {count}.")
    assert message.render("nl", count=counted(1, ONE, MANY)) == "Geweigerd: 1 fout."
    assert message.render("en", count=counted(2, ONE, MANY)) == "Refused: 2 problems."
