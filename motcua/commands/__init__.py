"""Command groups of the `motcua` command, one module each."""
