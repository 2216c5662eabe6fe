"""Alerts of the manager's board: a field past its target wait, a counter paused too long, a device down or short of
paper or camera; each kept in the store from when it began until it ends."""
