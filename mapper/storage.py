"""Static files storage for production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with the map's ES-module imports rewritten too.

    Without this, ``import … from "./layers.js"`` inside a hashed module would load
    the unhashed file, which a long cache could keep stale after a release.
    """

    support_js_module_import_aggregation = True
