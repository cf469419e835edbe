// Phone numbers to E.164, then the client digest of docs/contact-hashing.md: lowercase hex
// SHA-256 (WebCrypto) of the UTF-8 E.164 string. Parsing and validity are libphonenumber's
// (libphonenumber-js, vendored in web/vendor/), as the rule asks: invalid numbers are dropped.
import "../vendor/libphonenumber-min.js"; // UMD: defines globalThis.libphonenumber

const lib = globalThis.libphonenumber;

/** The regions libphonenumber knows (ISO 3166 codes), for the "numbers without +" choice. */
export const REGIONS = lib.getCountries();

/** E.164 for `raw`, or null when libphonenumber does not call it a valid number. */
export function toE164(raw, region = "") {
  const known = region && lib.isSupportedCountry(region.toUpperCase()) ? region.toUpperCase() : undefined;
  try {
    const number = lib.parsePhoneNumberFromString(String(raw), known);
    return number && number.isValid() ? number.number : null;
  } catch {
    return null;
  }
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The client digests of a list of raw numbers (deduplicated), and how many were valid. */
export async function digestsOf(numbers, region) {
  const e164 = new Set(numbers.map((n) => toE164(n, region)).filter(Boolean));
  const digests = await Promise.all([...e164].map(sha256Hex));
  return { digests, valid: e164.size };
}

/** Phone numbers found in a vCard (TEL lines) or CSV file's text (cells that look like numbers). */
export function numbersIn(text) {
  const found = [];
  if (/BEGIN:VCARD/i.test(text)) {
    // Unfold folded lines (RFC 6350 3.2), then take every TEL property's value.
    for (const line of text.replace(/\r?\n[ \t]/g, "").split(/\r?\n/)) {
      const match = line.match(/^(?:item\d+\.)?TEL[^:]*:(.*)$/i);
      if (match) found.push(match[1].replace(/^tel:/i, "").trim());
    }
    return found;
  }
  for (const line of text.split(/\r?\n/)) {
    for (const cell of line.split(/[,;\t]/)) {
      const value = cell.replace(/^"|"$/g, "").trim();
      if (/^\+?[\d\s().-]{6,}$/.test(value) && value.replace(/\D/g, "").length >= 6) found.push(value);
    }
  }
  return found;
}
