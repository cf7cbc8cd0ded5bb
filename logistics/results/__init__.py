"""Programme results: indicators computed as of a date, their breakdowns, and the reports."""
