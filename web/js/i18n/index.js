// The message catalogue: the browser's language by default (English or French), `?lang=` never
// (nothing in URLs); localStorage "sg.lang" overrides. Counts and dates are formatted per locale.
import en from "./en.js";
import fr from "./fr.js";

const CATALOGUES = { en, fr };
export const LANGUAGES = Object.keys(CATALOGUES);

function pickLanguage() {
  const chosen = localStorage.getItem("sg.lang");
  if (chosen && CATALOGUES[chosen]) return chosen;
  for (const tag of navigator.languages || [navigator.language || "en"]) {
    const base = tag.toLowerCase().split("-")[0];
    if (CATALOGUES[base]) return base;
  }
  return "en";
}

export let lang = pickLanguage();
const plurals = () => new Intl.PluralRules(lang);

/** t("post.hearts", {n: 3}) -> "3 hearts". Supports {name} and {n, plural, one {...} other {...}}. */
export function t(key, params = {}) {
  const template = CATALOGUES[lang][key] ?? CATALOGUES.en[key] ?? key;
  const plural = template.match(/^\{(\w+), plural, one \{(.*)\} other \{(.*)\}\}$/);
  if (plural) {
    const value = params[plural[1]];
    const form = plurals().select(value) === "one" ? plural[2] : plural[3];
    return form.replace("#", new Intl.NumberFormat(lang).format(value));
  }
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in params ? format(params[name]) : `{${name}}`));
}

function format(value) {
  return typeof value === "number" ? new Intl.NumberFormat(lang).format(value) : String(value);
}

/** Coarse relative time ("5 minutes ago"); the API gives times to the minute. */
export function ago(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const steps = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return t("time.now");
}

/** A wait in plain words ("30 seconds", "2 minutes"). */
export function waitWords(seconds) {
  return seconds >= 120 ? t("wait.minutes", { n: Math.ceil(seconds / 60) }) : t("wait.seconds", { n: seconds });
}

export function setLanguage(code) {
  if (!CATALOGUES[code]) return;
  localStorage.setItem("sg.lang", code);
  lang = code;
  document.documentElement.lang = code;
}
document.documentElement.lang = lang;
