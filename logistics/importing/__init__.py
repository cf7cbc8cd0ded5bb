"""The delivery import: read a supplier's spreadsheet, check every row, then write it all at once.

read.py (file → rows) → headers.py (which column is what) → plan.py (check, resolve) → apply.py
(write); pipeline.py joins them for the web and the command line; uploads.py keeps the history.
"""
