"""A centre's working calendar: Vietnamese public holidays and swaps, administrators' overrides, office hours.
Dossier deadlines and the queue's opening days both read it."""
