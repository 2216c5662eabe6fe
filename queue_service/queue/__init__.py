"""The queue engine: tickets, counters and the rules that decide who is called next (no HTTP in here)."""
