"""SMS to citizens: the outbox (dossier messages, "your turn is near"), sent through the centre's SMS agent by the
bridge, with delivery state in the store; phone numbers masked wherever shown and deleted after the service day."""
