"""Rating tablet agent: the citizen rates the service on a small touch screen facing them at the counter."""
