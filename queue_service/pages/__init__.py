"""People's pages: the live board and the citizen's ticket page (static HTML that reads the public API)."""
