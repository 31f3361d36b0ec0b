"""Deferred messages live in the notifications app; kept here for imports."""

from coopt.notifications.messages import Deferred

__all__ = ["Deferred"]
