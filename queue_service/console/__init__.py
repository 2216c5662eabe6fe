"""The clerk console: server-rendered staff pages (sign-in, password change, counter picker, counter screen)."""
