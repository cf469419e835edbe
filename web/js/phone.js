// Phone numbers to E.164, then the client digest of docs/contact-hashing.md:
// lowercase hex SHA-256 (WebCrypto) of the UTF-8 E.164 string.
//
// A MINIMAL normaliser, not libphonenumber: the rule asks for libphonenumber's parsing and its
// isValidNumber. This file handles international numbers (+ or 00, 8-15 digits, a known-length
// country code check is NOT done) and national numbers of the regions in NATIONAL (trunk prefix
// and national length). Anything else is dropped, never guessed. It passes the test vectors of
// docs/contact-hashing.md (tests/browser). Replacing it with libphonenumber-js (vendored as one
// ES module file) is listed as remaining work in docs/client.md.

// region: [country code, trunk prefix, national significant number lengths]
export const NATIONAL = {
  US: ["1", "1", [10]], CA: ["1", "1", [10]],
  GB: ["44", "0", [9, 10]], FR: ["33", "0", [9]], DE: ["49", "0", [6, 7, 8, 9, 10, 11]],
  BE: ["32", "0", [8, 9]], CH: ["41", "0", [9]], ES: ["34", "", [9]], IT: ["39", "", [6, 7, 8, 9, 10, 11]],
  NL: ["31", "0", [9]], IE: ["353", "0", [7, 8, 9]], PT: ["351", "", [9]],
};

/** E.164 for `raw`, or null when it cannot be read as a valid number for `region`. */
export function toE164(raw, region = "") {
  const text = String(raw).trim();
  if (/[a-z]/i.test(text.replace(/\b(ext|x)\.?\s*\d+$/i, ""))) return null;
  const international = text.startsWith("+") || text.replace(/[\s().-]/g, "").startsWith("00");
  let digits = text.replace(/\D/g, "");
  if (international) {
    if (!text.startsWith("+")) digits = digits.slice(2);
    // A national trunk zero written after the country code ("+44 (0)20...") is dropped.
    for (const [code, trunk] of Object.values(NATIONAL)) {
      if (trunk && digits.startsWith(code + trunk) && plausible(digits.slice(code.length + trunk.length), code)) {
        digits = code + digits.slice(code.length + trunk.length);
        break;
      }
    }
    return digits.length >= 8 && digits.length <= 15 && digits[0] !== "0" ? `+${digits}` : null;
  }
  const rule = NATIONAL[region.toUpperCase()];
  if (!rule) return null;
  const [code, trunk, lengths] = rule;
  if (trunk && digits.startsWith(trunk) && !lengths.includes(digits.length)) digits = digits.slice(trunk.length);
  if (!lengths.includes(digits.length)) return null;
  if (code === "1" && !/^[2-9]\d{2}[2-9]/.test(digits)) return null; // NANP area and exchange codes
  return `+${code}${digits}`;
}

function plausible(national, code) {
  return Object.values(NATIONAL).some(([c, , lengths]) => c === code && lengths.includes(national.length));
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
