"""Roster Prep's Qt window: a thin layer over core/."""
