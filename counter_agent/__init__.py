"""Counter agent: drives a counter's LED display, keypad, rating pad and receipt printer."""
