"""Log records the console handler reshapes before writing them."""

import logging


class ClientErrorsInOneLine(logging.Filter):
    """Drop the traceback from records of refused requests (4xx), keeping their one-line message.

    Django logs a PermissionDenied or a SuspiciousOperation with the exception attached; for a 403 or a
    400 that traceback only points at our own check and buries the server errors that matter.
    """

    def filter(self, record):
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
