"""The delivery import: read a supplier's spreadsheet, check every row, then write it all at once.

read.py (file → rows) → headers.py (which column is what) → plan.py (check each row) → resolve.py
(compare with the database) → apply.py (write once). pipeline.py joins them for the web page, the
worker and the command line; uploads.py keeps each upload as history; tasks.py runs it in the
background; rejected.py and template.py make the spreadsheets the officer downloads.
"""
