"""Kiosk agent: citizens take a queue number here (touch screen, ticket printer, camera)."""
