"""The calling voice: packs of recorded (or espeak-ng built) clips, the script that turns a call into clips, and
the announcer that plays them one announcement at a time. Shared by the hall display and the kiosk."""
