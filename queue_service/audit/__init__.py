"""The audit view: who did what, when and from which device, over the queue's events and the dossier journal."""
