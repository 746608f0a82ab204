"""The meeting server: a pg_auto_failover formation of PostgreSQL on the LAN (Qt-free).

``formation`` creates, starts, stops and reports a formation by driving ``pg_autoctl``;
``dsn`` builds the multi-host connection strings the desks use; ``probe`` tells whether a
primary answers behind one. See docs/FORMATION.md for the three-laptop set-up.
"""
