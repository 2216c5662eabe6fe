"""Bundled fonts (DejaVu Sans): a package only so the TTF files ship as package data."""
