"""Exports after the meeting: attendance, public results, audit log, proces-verbaal."""
