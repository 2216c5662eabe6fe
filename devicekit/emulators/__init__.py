"""Emulators of the centre's devices, speaking their real bytes so drivers are tested on the production code path."""
