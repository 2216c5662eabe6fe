"""Calling display: shows and announces which number goes to which counter."""
