"""The live feed: committed queue changes pushed to browsers as server-sent events (counter screen, manager's board)."""
