/*
 * Name cards (名札) laid out for A4 (docs/decisions/0033-registering-on-behalf.md): 90 × 55 mm
 * cards — the common name-card insert — two across and five down, ten to a page. Shared by the
 * page and its tests; the cards themselves come from `nameCards()` in roster.server.ts.
 */

/** Two columns of five rows of 90 × 55 mm on A4 (210 × 297 mm), with the page's margins. */
export const NAME_CARD = { widthMm: 90, heightMm: 55, columns: 2, rows: 5 } as const
export const NAME_CARDS_PER_PAGE = NAME_CARD.columns * NAME_CARD.rows

/** The cards in pages of ten: each page is printed on its own sheet. */
export function cardPages<T>(cards: T[]): T[][] {
  const pages: T[][] = []
  for (let i = 0; i < cards.length; i += NAME_CARDS_PER_PAGE) pages.push(cards.slice(i, i + NAME_CARDS_PER_PAGE))
  return pages
}

/**
 * How wide a text is in ems, rather more than less: a kanji or kana (or any full-width
 * character) is one em; Latin letters, digits and punctuation are narrower in the proportional
 * Latin of Noto Sans CJK, wide letters a little less than an em, spaces about a third.
 */
export function textEms(text: string): number {
  let ems = 0
  for (const ch of text) {
    if (ch === ' ') ems += 0.35
    else if (/[MWmw@%&]/.test(ch)) ems += 0.9
    else if (/[A-Z0-9]/.test(ch)) ems += 0.72
    else if (/[a-z]/.test(ch)) ems += 0.6
    else if (/[\x21-\x7e]/.test(ch)) ems += 0.45
    else if (/[\uff61-\uff9f]/.test(ch))
      ems += 0.55 // half-width katakana
    else ems += 1
  }
  return ems
}

/**
 * The font size that fits a text into the card's width (`cqw`: hundredths of the card's inner
 * width) on at most `lines` lines, never above `maxMm`; 8% is left over for what the estimate
 * misses. Lines are filled to the edge (`break-all`), so a text needs no more lines than counted.
 */
export function fittedSize(text: string, maxMm: number, lines = 1): string {
  const ems = Math.max(textEms(text), 1)
  return `min(${maxMm}mm, ${((92 * lines) / ems).toFixed(2)}cqw)`
}

/** A name stays on one line down to about 5 mm a character (15 full-width characters); longer, two. */
export const NAME_ONE_LINE_EMS = 15

/** The name's size and whether it takes two lines. */
export function nameFit(name: string): { fontSize: string; lines: 1 | 2 } {
  const lines = textEms(name) <= NAME_ONE_LINE_EMS ? 1 : 2
  return { fontSize: fittedSize(name, 11, lines), lines }
}
