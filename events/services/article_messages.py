"""What the article-file importer tells its users, in one place (for translation and review).

The same style as ``events.importers.messages`` (which holds the words both importers share):
translatable, named placeholders, formatted when told, in the uploader's language. Field
names, JSON paths (``events[2].date``), keys, slugs and URLs are values, never translated;
so are the JSON Schema's own messages and the parser's reason.
"""

from django.utils.translation import gettext_lazy as _

# The file (article_files.py)
NESTED_TOO_DEEP = _("values are nested too deeply to be read; flatten the data")
KEY_TWICE_IN_OBJECT = _("invalid JSON: the key {key!r} appears twice in one object")
UNKNOWN_FIELD = _("unknown field (allowed: {fields})")
FIELD_MISSING = _("required field is missing")
PATTERN_INVALID = _("{value} is not valid: {description}")
NUL_VALUE = _("contains a NUL character, which cannot be stored")
NUL_FIELD_NAME = _("field name contains a NUL character")
DATE_TOO_COARSE = _("{text!r} gives no {precision}; use date_precision {implied!r} or a full date")

# Articles and events (importing.py)
UNKNOWN_KIND = _("unknown event kind {slug!r} (known: {known})")
NO_KINDS = _("none: create them with `load_default_kinds`")
ARTICLE_NAMED = _("the article {title!r} ({where})")
SLUG_TEXT_DIFFERS = _(
    "{article} is already stored with the slug {slug!r} and a different text; if this is another article, "
    'give it its own "slug" (or its "url"); if it is the same article with a corrected text, import it '
    "with --overwrite"
)
ARTICLE_TWICE = _("the same article ({key}) is also in {other}; keep one file per article")
SLUG_TWICE = _("{slug!r} is also the slug of the article in {other}")
KEY_TWICE = _("{key!r} is already used by {other} in this file")
EVENT_DIFFERS = _("event {key!r} is also in {file} ({where}) with different details; make the two records agree")
EVENT_OWNED = _(
    "event {key!r} belongs to {article}, which reported it first, and this record differs from it; "
    "use another key, make the records agree, or use --overwrite to rewrite it"
)
EDITED_SINCE_IMPORT = _(
    "{file}: {where}: event {key!r} was edited by staff since it was imported; "
    "kept their version (use --overwrite to replace it)"
)
EDITED_DURING_IMPORT = _(
    "{file}: {where}: event {key!r} was edited by staff while this import ran; "
    "kept their version (import again to see the difference, --overwrite to replace it)"
)
PRECISION_WITHOUT_DATE = _("given without a date")
AREA_UNDRAWABLE = _("cannot draw this area: {detail}")
DATABASE_REFUSED = _("the database refused it, nothing was imported: {error}")
AREA_REASON = _("Drawn as the area the article file gives; no point by design.")  # stored, as NO_PLACE_REASON
