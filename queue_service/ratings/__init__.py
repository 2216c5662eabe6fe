"""Citizens' ratings of a served ticket: the rules (rules.py), the rating.open prompt (prompt.py), the managers' daily
report (report.py) and its route (api.py)."""
