/** Strings of the figures, exports and records pages (merged into i18n.ts). */
export const figureRoutesJa = {
  /** A download asked for a fiscal year that is not four digits (`?fy=R7`). */
  'figures.error.BAD_FISCAL_YEAR': '年度の指定が正しくありません。',
}

export const figureRoutesEn: Record<keyof typeof figureRoutesJa, string> = {
  'figures.error.BAD_FISCAL_YEAR': 'Bad fiscal year.',
}
