"""Roster Prep core: reading, checking, repairing and writing OneRoster CSV sets. No Qt here."""
