"""The SMS agent: a GSM modem that sends the service's SMS outbox (`motcua sms --config FILE`)."""
