"""The meeting store: pragmas, migrations, and a clear message for every kind of trouble."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desk_app.storage import migrations
from desk_app.storage.db import SqliteStore, Store, StoreError


def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "m.sqlite", create=True) as store:
        c = store.conn
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert migrations.current_version(store) == len(migrations.MIGRATIONS)
        assert {"meeting", "members", "designations", "audit", "audit_personal"} <= set(store.db.table_names())


def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    Store.open(path, create=True).close()
    with Store.open(path) as store:  # a second open applies nothing and keeps the version
        assert migrations.migrate(store) == len(migrations.MIGRATIONS)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path / "nope.sqlite")
    assert info.value.code == "store.missing"
    assert "desk-app init" in str(info.value)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    path.write_bytes(b"this is a spreadsheet, not a meeting" * 200)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "store.corrupt"
    assert "reservekopie" in str(info.value)


@pytest.mark.sqlite_only("scribbles over the pages of the file")
def test_damaged_pages_are_found_on_open(meeting) -> None:  # type: ignore[no-untyped-def]
    path = meeting.store.path
    meeting.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meeting.store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 6)):  # scribble over table pages
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "store.corrupt"


def test_locked_by_another_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.sqlite"
    Store.open(path, create=True).close()
    monkeypatch.setattr("desk_app.storage.db.BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(path) as store:
            with pytest.raises(StoreError) as info:
                with store.transaction() as db:
                    db.execute(
                        "INSERT INTO members (code, name, province, population, votes) VALUES ('GM0001','A','B',1,1)"
                    )
            assert info.value.code == "store.locked"
            assert store.query("SELECT COUNT(*) AS n FROM members")[0]["n"] == 0
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_read_only_medium(tmp_path: Path) -> None:
    """A read-only medium, as SQLite sees it: the file opened with mode=ro."""
    path = tmp_path / "m.sqlite"
    Store.open(path, create=True).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    store = SqliteStore(path, conn)
    with pytest.raises(StoreError) as info:
        with store.transaction() as db:
            db.execute("INSERT INTO members (code, name, province, population, votes) VALUES ('GM0001','A','B',1,1)")
    assert info.value.code == "store.readonly"
    assert "alleen-lezen" in str(info.value)
    conn.close()


def test_disk_full_reports_nothing_saved(tmp_path: Path) -> None:
    """SQLITE_FULL, as a full USB stick gives it: page count capped so writes run out of room."""
    with Store.open(tmp_path / "m.sqlite", create=True) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count={pages + 2}")
        with pytest.raises(StoreError) as info:
            with store.transaction() as db:
                for i in range(2000):
                    db.execute(
                        "INSERT INTO members (code, name, province, population, votes) VALUES (?, ?, 'P', 1000, 1)",
                        [f"GM{i:04d}", "x" * 500],
                    )
        assert info.value.code == "store.full"
        assert "niets opgeslagen" in str(info.value)
        assert store.query("SELECT COUNT(*) AS n FROM members")[0]["n"] == 0


def test_too_new_schema(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "store.too_new"


def test_bug_is_not_disguised(tmp_path: Path) -> None:
    with Store.open(tmp_path / "m.sqlite", create=True) as store:
        with pytest.raises(sqlite3.OperationalError):
            with store.transaction() as db:
                db.execute("SELECT * FROM no_such_table")
