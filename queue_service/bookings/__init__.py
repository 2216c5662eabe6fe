"""Online booking of a slot per field, its public page and API, and check-in at the kiosk (issue 10 §3)."""
