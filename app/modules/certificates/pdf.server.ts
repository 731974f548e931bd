import { createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import { qrPng } from '../mail/qr-png.server'
import type { CertificateKindName, DateStyle } from './forms'
import { certificateDate } from './dates'

/*
 * One certificate as an A4 PDF of one page (docs/decisions/0051-certificates.md): pdfkit writes it,
 * with the Japanese font that travels with the app (Noto Sans JP from the npm package
 * @embedpdf/fonts-jp, SIL Open Font License) embedded as a subset of the characters used.
 */

export type CertificateContent = {
  kind: CertificateKindName
  layout: {
    officeName: string
    attendanceTitle: string
    completionTitle: string
    body: string
    signerTitle: string
    signerName: string
    seal: Buffer | null
    dateStyle: DateStyle
  }
  name: string
  organizationName: string | null
  seminarTitle: string
  programName: string
  /** The sessions attended (受講証明書) or of the series (修了証), in order. */
  sessions: { number: number; startsAt: Date; mode: 'IN_PERSON' | 'ONLINE' }[]
  totalSessions: number
  issuedAt: Date
  code: string
  verifyUrl: string
}

const require = createRequire(import.meta.url)
let fontFiles: { regular: Buffer; bold: Buffer } | null = null

/**
 * The font files, read once. The package is found through Node's resolution from here (the app's
 * node_modules); CERTIFICATE_FONT_DIR names another folder holding the same two files.
 */
export function certificateFonts(): { regular: Buffer; bold: Buffer } {
  if (fontFiles) return fontFiles
  const dir =
    process.env.CERTIFICATE_FONT_DIR ??
    // The package exports only its list of files (dist/index): the fonts lie beside dist/.
    path.join(path.dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts')
  const read = (name: string) => {
    const file = path.join(dir, name)
    try {
      return fs.readFileSync(file)
    } catch (error) {
      throw new Error(
        `The certificate font ${file} cannot be read: run npm install (package @embedpdf/fonts-jp), or set CERTIFICATE_FONT_DIR to a folder with ${name}`,
        { cause: error },
      )
    }
  }
  fontFiles = { regular: read('NotoSansJP-Regular.otf'), bold: read('NotoSansJP-Bold.otf') }
  return fontFiles
}

const MODE_WORD = { IN_PERSON: '会場', ONLINE: 'オンライン' } as const

/** The session rows a 受講証明書 lists at most (the last one says how many more). */
const SESSION_ROWS = 8

/** The default sentence of each kind, when the layout leaves the body empty. */
export function defaultBody(kind: CertificateKindName): string {
  return kind === 'COMPLETION'
    ? 'あなたは下記の講座の所定の課程を修了したことを証します。'
    : '下記の講座を受講したことを証明します。'
}

/** The PDF's bytes. */
export function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  const fonts = certificateFonts()
  const title = c.kind === 'COMPLETION' ? c.layout.completionTitle : c.layout.attendanceTitle
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: `${title} ${c.seminarTitle}`, Author: c.layout.officeName || 'Jisseki', Creator: 'Jisseki' },
    lang: 'ja',
    pdfVersion: '1.7',
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('jp', fonts.regular)
  doc.registerFont('jp-bold', fonts.bold)

  const W = doc.page.width // 595.28 pt
  const H = doc.page.height // 841.89 pt
  const left = 72
  const width = W - 2 * left
  const date = (d: Date) => certificateDate(d, c.layout.dateStyle)

  // A double border.
  doc
    .lineWidth(2)
    .rect(28, 28, W - 56, H - 56)
    .stroke('#333333')
  doc
    .lineWidth(0.5)
    .rect(36, 36, W - 72, H - 72)
    .stroke('#333333')

  doc.font('jp').fontSize(10).fillColor('#000000')
  doc.text(`証明番号 ${c.code}`, left, 60, { width, align: 'right' })

  doc.font('jp-bold').fontSize(36).text(title, left, 120, { width, align: 'center', characterSpacing: 8 })

  // Every block has a box of its own: a long text ends with an ellipsis in it, never spills over the
  // next block or onto a second page (ADR 0051, review fixes).
  const box = (height: number) => ({ width, height, ellipsis: true })
  if (c.organizationName)
    doc
      .font('jp')
      .fontSize(14)
      .text(c.organizationName, left, 212, { ...box(20), lineBreak: false })
  doc
    .font('jp')
    .fontSize(18)
    .text(`${c.name} 様`, left, 236, { ...box(26), lineBreak: false })

  doc.fontSize(13).text(c.layout.body || defaultBody(c.kind), left, 290, { ...box(72), align: 'left', lineGap: 4 })

  const rows: [string, string][] = [
    ['講座名', c.seminarTitle],
    ['事業', c.programName],
  ]
  if (c.kind === 'COMPLETION') {
    const first = c.sessions[0]
    const last = c.sessions[c.sessions.length - 1]
    rows.push([
      '期間',
      first && last
        ? first === last
          ? date(first.startsAt)
          : `${date(first.startsAt)} 〜 ${date(last.startsAt)}`
        : '',
    ])
    rows.push(['課程', `全${c.totalSessions}回`])
  } else {
    rows.push(['受講回数', `${c.sessions.length}回（全${c.totalSessions}回中）`])
  }
  doc.fontSize(12)
  let y = 372
  for (const [k, v] of rows) {
    // The seminar's title may take two lines; the rest one.
    const lines = k === '講座名' ? 2 : 1
    doc.text(k, left, y, { width: 90 })
    doc.text(v, left + 100, y, { width: width - 100, height: 17 * lines, ellipsis: true })
    y += 17 * lines + 4
  }
  if (c.kind === 'ATTENDANCE') {
    y += 6
    doc.fontSize(11)
    // At most SESSION_ROWS rows: a longer list ends with how many more.
    const shown = c.sessions.length > SESSION_ROWS ? c.sessions.slice(0, SESSION_ROWS - 1) : c.sessions
    for (const s of shown) {
      const several = c.totalSessions > 1
      doc.text(several ? `第${s.number}回` : '受講日', left + 100, y, { width: 60, lineBreak: false })
      doc.text(`${date(s.startsAt)}（${MODE_WORD[s.mode]}）`, left + 170, y, { width: width - 170, lineBreak: false })
      y += 15
    }
    if (shown.length < c.sessions.length)
      doc.text(`ほか${c.sessions.length - shown.length}回`, left + 100, y, { width: width - 100, lineBreak: false })
  }

  // Date of issue, office and signer, with the seal beside the signer's name.
  const signY = 600
  doc.fontSize(12).text(date(c.issuedAt), left, signY, { width, align: 'left' })
  const signLeft = left + width / 2 - 40
  // The seal sits at the end of the signer's block, which leaves it room.
  const sealSize = 64
  const signWidth = left + width - signLeft - (c.layout.seal ? sealSize + 8 : 0)
  doc.text(c.layout.officeName, signLeft, signY + 36, { width: signWidth, height: 34, ellipsis: true })
  const signer = [c.layout.signerTitle, c.layout.signerName].filter(Boolean).join('　')
  if (signer) doc.fontSize(14).text(signer, signLeft, signY + 76, { width: signWidth, height: 40, ellipsis: true })
  if (c.layout.seal) doc.image(c.layout.seal, left + width - sealSize, signY + 30, { fit: [sealSize, sealSize] })

  // Verification: the code, the address and its QR code.
  const qr = qrPng(c.verifyUrl)
  doc.image(qr, left, H - 150, { width: 72 })
  doc.fontSize(9).text('この証明書の真正性は、次の確認用ページで証明番号により確かめられます。', left + 84, H - 140, {
    width: width - 84,
  })
  doc.text(c.verifyUrl, left + 84, doc.y + 2, { width: width - 84 })
  doc.text(`証明番号 ${c.code}`, left + 84, doc.y + 2, { width: width - 84 })

  doc.end()
  return done
}

/** Whether pdfkit can draw these bytes as an image (a file that only starts like a PNG or JPEG cannot). */
export function sealReadable(bytes: Buffer): boolean {
  try {
    const doc = new PDFDocument({ autoFirstPage: false })
    // openImage (pdfkit's parse of an image without drawing it) is not in its type definitions.
    ;(doc as unknown as { openImage(src: Buffer): unknown }).openImage(bytes)
    return true
  } catch {
    return false
  }
}
