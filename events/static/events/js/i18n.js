/**
 * Translations for the scripts: Django's JavaScript catalogue (/jsi18n/, a
 * plain script every page loads before its modules) in the page's language.
 * Wrap every string a reader sees as gettext("…") or ngettext("…", "…", n),
 * with named placeholders filled by interpolate(): `makemessages -d djangojs`
 * finds them (README "Translations"). Without the catalogue, English.
 */

const catalogue = globalThis.django ?? {};

/** The page's language (<html lang>), for Intl's numbers and dates. */
export const LANGUAGE = document.documentElement.lang || "en";

export function gettext(text) {
  return catalogue.gettext ? catalogue.gettext(text) : text;
}

export function ngettext(singular, plural, count) {
  if (catalogue.ngettext) return catalogue.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

/** Fill "%(name)s" placeholders: interpolate(gettext("%(count)s shown"), { count }). */
export function interpolate(text, values) {
  return text.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}

/**
 * An Intl formatter built on its first use: the page's first Intl object loads ICU's locale data
 * (about 50 ms of one task in Chromium), which the evaluation of the modules would otherwise carry.
 */
export function lazyFormat(Format, locale, options) {
  let format = null;
  return { format: (value) => (format ??= new Format(locale, options)).format(value) };
}

/** Whole numbers as the reader writes them: "12,345", "12.345", "12 345". */
export const NUMBER = lazyFormat(Intl.NumberFormat, LANGUAGE);
