"""digitize: turn scanned Vietnamese administrative-procedure records into searchable data.

The pipeline reads top to bottom in this package:
ingest -> imaging -> ocr -> vietnamese -> extract -> match -> store,
with ``runner`` orchestrating pages and ``cli`` on top.
"""

__version__ = "0.1.0"
