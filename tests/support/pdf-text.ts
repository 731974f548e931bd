import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs'

/**
 * A PDF read back as a reader would (Mozilla's PDF.js): its pages' text, and the fonts it embeds.
 * Text comes through the font's ToUnicode map, so Japanese reads back only when the font embedded
 * says what each glyph is.
 */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: string[]; text: string }> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: VerbosityLevel.ERRORS,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
  }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    const content = await page.getTextContent()
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .trim(),
    )
  }
  await doc.destroy()
  return { pages, text: pages.join('\n') }
}
