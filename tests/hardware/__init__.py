"""Hardware tests: profiles, ESC/POS printing and its emulator."""
