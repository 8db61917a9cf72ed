"""The base map's tile origin, derived from the tile URL so that the CSP can never drift from it."""

from urllib.parse import urlsplit


def tile_origin(url: str) -> str:
    """The CSP source that allows ``url``'s tiles: ``https://tile.example.org``, ``https://*.example.org`` for a
    ``{s}`` subdomain template, "" for tiles served by Mapper itself (a path, covered by 'self')."""
    parts = urlsplit(url)
    if not parts.scheme:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"
