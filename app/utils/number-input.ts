/**
 * A number typed into a form, as people type them here: full-width digits (１２３), thousands
 * separators (1,234 or １，２３４), surrounding spaces, and a minus sign typed as −, － or -.
 * Returns NaN for anything else ("abc", "1e3", "0x10", "1,23"), so `Number`'s own leniency never
 * turns a typo into a figure.
 */
export function parseNumberInput(raw: string): number {
  const v = raw
    .normalize('NFKC')
    .trim()
    .replace(/^[\u2212\u2012\u2013]/, '-')
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(v)) return Number.NaN
  return Number(v.replace(/,/g, ''))
}
