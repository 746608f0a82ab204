"""The only package with SQL: the meeting store, migrations, repositories and the audit chain."""
