"""The page benchmark's measurement: server time and SQL statements of every request, in headers.

Enabled only by scripts/page_bench_settings.py. Counts through `connection.execute_wrapper`, so it sees
every statement the request runs, including the session and user look-ups of the middleware below it.
"""

import time

from django.db import connection


class MeasureRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counting):
            response = self.get_response(request)
            if getattr(response, "streaming", False) is False and hasattr(response, "render") \
                    and not getattr(response, "is_rendered", True):
                response.render()
        response["X-Bench-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        response["X-Bench-Queries"] = str(count[0])
        return response
