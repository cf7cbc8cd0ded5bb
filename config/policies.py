"""Per-view additions to the Content-Security-Policy of config/settings.py.

Each applies to the enforced policy and to the report-only one (CSP_REPORT_ONLY=1), whichever
is configured; django-csp leaves the other header out.
"""

from csp.constants import SELF, WASM_UNSAFE_EVAL
from csp.decorators import csp_replace, csp_update


def _both(decorator, directives):
    def wrap(view):
        return decorator(directives)(decorator(directives, REPORT_ONLY=True)(view))

    return wrap


# The receipt page compiles the vendored zxing WebAssembly decoder when the phone has no
# BarcodeDetector; compiling WebAssembly needs 'wasm-unsafe-eval' (JavaScript eval stays blocked).
allow_webassembly = _both(csp_update, {"script-src": [WASM_UNSAFE_EVAL]})

# The coverage map is shown in a frame of the coverage page, on our own origin only.
framed_by_own_pages = _both(csp_replace, {"frame-ancestors": [SELF]})
