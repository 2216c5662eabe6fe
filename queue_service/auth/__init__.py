"""Who may do what: roles, API tokens and the principal a request acts as."""
