"""Production's static files storage: whitenoise's compressed, hashed files, with ES module names rewritten.

The receipt page's script is a set of ES modules that name each other ("./queue.js"). Django rewrites
those names to the hashed ones only when asked (support_js_module_import_aggregation); without it a
hashed main.js would load unhashed neighbours, which may be a different deployment's, and which the
offline worker (it caches the static() URLs) would not have.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
