"""The manager's live operations board and devices page: their read model, API, pages and scripts."""
