/*
 * What a person field (name, furigana, organization, seminar title) may hold
 * (docs/decisions/0022-personal-data-hardening.md). Shared by the browser (Conform) and the server.
 *
 * Control characters: C0 and C1 controls (CR, LF and tab included), DEL, and the Unicode line and
 * paragraph separators. A name with a line break splits a CSV row, a mail header or a greeting
 * line; bidi overrides could hide what follows, so they are refused too.
 *
 * Links: a name is printed in the official mail (「山田 様」). A name that carries a link makes
 * the city's sender deliver someone else's phishing text. Refused, after NFKC (full-width letters
 * and dots count too):
 *  - a scheme: `http://`, `https://`, any `xxx://`, `mailto:`;
 *  - `www.` anywhere;
 *  - a host followed by a path, port or query: `label.label/…`, `label.label:80`, `label.label?…`;
 *  - a host ending in a top-level domain that link-autodetecting mail clients turn into a link
 *    and that fraud uses most (`LINK_TLDS`): `example.com`, `evil.jp`, `x.co.jp`; or in any
 *    two-letter country domain (`evil.de`, `x.co.uk`) but a final `Co`; or `xxx.co` in lower case.
 * Invisible characters are dropped and 。 read as a dot before these checks.
 * Deliberately allowed: `Yahoo! JAPAN`, `ABC.Co`, `ABC Co., Ltd.`, `U.S.A.`, `No.1`, `1.5` — a dot
 * followed by a word that is not one of those top-level domains, with nothing after it that a
 * link would have. `Amazon.com` is refused: write the company name without its domain.
 */

/**
 * C0/C1 controls, DEL, line/paragraph separators, and every format character (\p{Cf}): bidi
 * marks and overrides, zero-width spaces and joiners, word joiners, BOM, soft hyphens — invisible
 * characters that can hide a link inside a name (「https:\u200b//evil\u200b.com」 reads as a URL).
 * Ideographic variation selectors (異体字セレクタ, Mn, not Cf) stay allowed: real names use them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u

/** Top-level domains that mail clients link and phishing uses; `co` is left out so `ABC.Co` passes. */
export const LINK_TLDS = [
  'com',
  'net',
  'org',
  'jp',
  'info',
  'biz',
  'io',
  'xyz',
  'top',
  'app',
  'dev',
  'site',
  'online',
  'link',
  'click',
  'shop',
  'store',
  'tokyo',
  'ru',
  'cn',
  'me',
  'ly',
  'gl',
  'tk',
  'cc',
  'ws',
  'su',
  'live',
  'icu',
  'vip',
  'work',
  'page',
  'ink',
  'to',
] as const

const SCHEME = /[a-z][a-z0-9+.-]*:\/\/|\bmailto:/i
const WWW = /(^|[^a-z0-9])www\./i
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?'
const HOST_WITH_PATH = new RegExp(`${LABEL}(?:\\.${LABEL})+(?:[/?#]|:\\d)`, 'iu')
const HOST_WITH_TLD = new RegExp(`${LABEL}(?:\\.${LABEL})*\\.(?:${LINK_TLDS.join('|')})(?![\\p{L}\\p{N}-])`, 'iu')
/** Any two-letter country domain (`evil.de`, `x.co.uk`) except a final `co`, which is 「ABC.Co」. */
const HOST_WITH_COUNTRY = /[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.(?!co(?![a-z]))[a-z]{2}(?![\p{L}\p{N}-])/iu
/** `city-login.co` written as a link is written: all lower case (「ABC.Co」 is a company's name). */
const LOWERCASE_CO_HOST = /(?:^|[^\p{L}\p{N}-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.co(?![\p{L}\p{N}-])/u

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value)
}

/** True when the text carries something a mail client or a reader would take for a link. */
export function looksLikeLink(value: string): boolean {
  // Read as a browser would: full-width forms folded, invisible characters dropped, and the
  // ideographic full stop (。, also ｡ after NFKC) taken as the dot IDNA takes it for.
  const text = value
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/\u3002/g, '.')
  return (
    SCHEME.test(text) ||
    WWW.test(text) ||
    HOST_WITH_PATH.test(text) ||
    HOST_WITH_TLD.test(text) ||
    HOST_WITH_COUNTRY.test(text) ||
    LOWERCASE_CO_HOST.test(text)
  )
}

/** The i18n key (`field.*`) of what is wrong with a person field, or null when it may be stored. */
export function personTextProblem(value: string): 'controlChars' | 'noLinks' | null {
  if (hasControlCharacters(value)) return 'controlChars'
  if (looksLikeLink(value)) return 'noLinks'
  return null
}
