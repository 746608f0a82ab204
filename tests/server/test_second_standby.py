"""The optional fourth laptop: a second standby, so that two copies remain after a failover.

With two standbys pg_auto_failover raises number_sync_standbys to 1 by itself: a commit waits
for one of the two. When the primary dies, the new primary still has a synchronous standby
(state ``primary``, not ``wait_primary`` with synchronous replication switched off).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from desk_app.server.formation import Formation
from tests.server.conftest import start_formation, stop_formation
from tests.server.writes import ensure_table, ids_on, wait_replayed, writing

LABEL = "formation with a second standby (4 instances)"
# a formation of its own, made once for this module; the group is the one for such tests
pytestmark = pytest.mark.xdist_group("own-formation")


@pytest.fixture(scope="module")
def four() -> Iterator[Formation]:
    f = start_formation(2, LABEL)
    yield f
    stop_formation(f, LABEL)


def test_two_standbys_make_number_sync_standbys_one(four: Formation) -> None:
    st = four.state()
    assert st.ready(2), st.describe()
    assert st.number_sync_standbys == 1
    primary = four.node(st.primary.name)  # type: ignore[union-attr]
    ids = sorted(n.node_id for n in st.secondaries)
    names = primary.psql("SHOW synchronous_standby_names")
    assert names == f"ANY 1 ({', '.join(f'pgautofailover_standby_{i}' for i in ids)})"


def test_after_the_primary_dies_two_copies_remain(four: Formation) -> None:
    password = four.app_password
    ensure_table(four.dsn(), password)
    old = four.primary()
    with writing(four.dsn(), password, "four") as writer:
        writer.wait_confirmed(20, timeout=30)
        killed_at = time.monotonic()
        old.kill()
        writer.wait_confirmed_after(killed_at, timeout=60)
        st = four.wait_for(
            lambda s: s.primary is not None and s.primary.reported == "primary" and len(s.secondaries) == 1,
            timeout=60,
            what="a new primary with a synchronous secondary",
        )
        writer.wait_confirmed(len(writer.confirmed) + 10, timeout=30)
    assert st.primary is not None and st.primary.name != old.name
    new_primary = four.node(st.primary.name)
    standby = four.node(st.secondaries[0].name)
    slot = f"pgautofailover_standby_{next(n.node_id for n in st.nodes if n.name == standby.name)}"
    # a commit still waits for one standby (the dead node may stay listed: it cannot be the one)
    names = new_primary.psql("SHOW synchronous_standby_names")
    assert names.startswith("ANY 1 (") and slot in names, names
    assert new_primary.psql("SELECT application_name || ' ' || sync_state FROM pg_stat_replication") == f"{slot} quorum"
    confirmed = writer.confirmed_ids()
    assert confirmed <= ids_on(four, new_primary.name, password)
    wait_replayed(four, new_primary, standby)
    assert confirmed <= ids_on(four, standby.name, password)
