"""Demo data for `make run`: the organisation, risks and hazards, the duty calendar, seeded in that order."""
