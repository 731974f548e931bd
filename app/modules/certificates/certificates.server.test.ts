import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { readPdf } from '../../../tests/support/pdf-text'
import { startTestSmtp, type TestSmtp } from '../../../tests/support/smtp'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { smtpTransport, type MailTransport } from '../mail/transport.server'
import { deliverDueMessages } from '../mail/worker.server'
import { anonymizeRegistrations, deletePersonalData } from '../privacy/retention.server'
import { register } from '../registration/registrations.server'
import { certificatesJob } from '../background/certificates.server'
import {
  certificateEligibility,
  certificatePdf,
  issueCertificate,
  issueOwnCertificate,
  nameInitials,
  normalizeCode,
  ownCertificatePage,
  setCertificatesByMail,
  staffCertificatePdf,
  staffIssueCertificate,
  ownCertificatePdf,
  verifyCertificate,
} from './certificates.server'
import { certificateDate } from './dates'
import { certificateLayout, saveCertificateLayout, type LayoutInput } from './layout.server'
import { qrPng } from '../mail/qr-png.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { describeAuditEvents } from '../audit/sentences.server'

let db: Db
let drop: () => Promise<void>
let smtp: TestSmtp
let transport: MailTransport

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  smtp = await startTestSmtp()
  transport = smtpTransport(smtp.url)
})
afterAll(async () => {
  transport.close()
  await smtp.stop()
  await drop()
})
beforeEach(async () => {
  await db.outboxMessage.deleteMany()
  smtp.received.length = 0
})

const HOUR = 3600_000
const DAY = 24 * HOUR
/** The series ran three weeks ago, weekly, three sessions. */
const NOW = new Date()
const START = new Date(NOW.getTime() - 21 * DAY)

async function series(title: string, options: { byMail?: boolean } = {}) {
  const seminar = await createSeminar(
    db,
    {
      title,
      mode: 'HYBRID',
      capacityOnline: 100,
      minOnlineMinutes: 30,
      certificatesByMail: options.byMail ?? false,
      registrationOpensAt: new Date(START.getTime() - 30 * DAY),
      registrationClosesAt: new Date(START.getTime() - DAY),
    },
    new Date(START.getTime() - 7 * DAY),
  )
  for (let n = 2; n <= 3; n++)
    await db.session.create({
      data: {
        seminarId: seminar.id,
        number: n,
        startsAt: new Date(START.getTime() + (n - 1) * 7 * DAY),
        endsAt: new Date(START.getTime() + (n - 1) * 7 * DAY + 2 * HOUR),
      },
    })
  const sessions = await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })
  const person = async (overrides: Record<string, unknown> = {}) =>
    (await register(db, { seminarId: seminar.id, ...participant(overrides) }, new Date(START.getTime() - 10 * DAY))).id
  const attend = (registrationId: string, n: number, online: number | null = null) =>
    db.attendance.create({
      data: {
        sessionId: sessions[n - 1].id,
        registrationId,
        mode: online === null ? 'IN_PERSON' : 'ONLINE',
        source: online === null ? 'QR' : 'IMPORT',
        onlineMinutes: online,
      },
    })
  return { seminar, sessions, person, attend }
}

const LAYOUT: LayoutInput = {
  officeName: '横浜市 産業振興課',
  attendanceTitle: '受講証明書',
  completionTitle: '修了証',
  body: null,
  signerTitle: '課長',
  signerName: '山田 太郎',
  dateStyle: 'ERA',
  seal: null,
  removeSeal: false,
}

describe('dates and names on certificates', () => {
  it('writes the Japanese era or the Western year, in Japan time', () => {
    // 2026-11-30 15:30 UTC is 1 December in Japan.
    const d = new Date('2026-11-30T15:30:00Z')
    expect(certificateDate(d, 'ERA')).toBe('令和8年12月1日')
    expect(certificateDate(d, 'WESTERN')).toBe('2026年12月1日')
    expect(certificateDate(new Date('2019-05-01T03:00:00Z'), 'ERA')).toBe('令和元年5月1日')
  })

  it('shows only initials', () => {
    expect(nameInitials('山田 花子')).toBe('山・花')
    expect(nameInitials('山田　花子')).toBe('山・花')
    expect(nameInitials('Hanako Yamada')).toBe('H.Y.')
    expect(nameInitials('山田花子')).toBe('山')
  })

  it('reads a code as typed, and refuses what cannot be one', () => {
    expect(normalizeCode('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS')
    expect(normalizeCode('ABCD EFGH JKMN PQRO')).toBe('ABCDEFGHJKMNPQR0')
    expect(normalizeCode('short')).toBeNull()
    expect(normalizeCode("' OR 1=1 --")).toBeNull()
  })
})

describe('issuing certificates', () => {
  it('prints the attended sessions, in Japanese, on one A4 page with the font embedded', async () => {
    const s = await series('AI人材育成プログラム（全3回）')
    await saveCertificateLayout(db, s.seminar.programId, LAYOUT)
    const id = await s.person({ name: '山田 花子', organizationName: '株式会社サンプル' })
    await s.attend(id, 1)
    await s.attend(id, 2, 95)
    const { code, created } = await issueCertificate(db, id, 'ATTENDANCE', NOW)
    expect(created).toBe(true)
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/)
    // Asked again: the same certificate, the same code.
    expect(await issueCertificate(db, id, 'ATTENDANCE')).toEqual({ code, created: false })

    const file = (await certificatePdf(db, id, 'ATTENDANCE'))!
    expect(file.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const { pages, text } = await readPdf(file.pdf)
    expect(pages).toHaveLength(1)
    const flat = text.replace(/\s+/g, '')
    for (const words of [
      '受講証明書',
      '山田花子様',
      '株式会社サンプル',
      'AI人材育成プログラム（全3回）',
      '下記の講座を受講したことを証明します。',
      '2回（全3回中）',
      '（会場）',
      '（オンライン）',
      '横浜市産業振興課',
      '課長山田太郎',
      `/c/${code}`,
      certificateDate(NOW, 'ERA').replace(/\s/g, ''),
    ])
      expect(flat).toContain(words)
    // Session 3 was not attended: not on the certificate of attendance.
    expect(flat).not.toContain('第3回')
    // A4 portrait, and the font is in the file (a subset), not expected on the reader's machine.
    const pdf = file.pdf.toString('latin1')
    expect(pdf).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    expect(pdf).toMatch(/\/FontFile3 /)
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/)
  })

  it('writes dates as the office chooses', async () => {
    const s = await series('日付の書き方')
    await saveCertificateLayout(db, s.seminar.programId, { ...LAYOUT, dateStyle: 'WESTERN' })
    const id = await s.person()
    await s.attend(id, 1)
    await issueCertificate(db, id, 'ATTENDANCE', NOW)
    const { text } = await readPdf((await certificatePdf(db, id, 'ATTENDANCE'))!.pdf)
    expect(text.replace(/\s+/g, '')).toContain(certificateDate(s.sessions[0].startsAt, 'WESTERN'))
    expect(text).not.toContain('令和')
  })

  it('refuses someone who attended nothing counted, and a 修了証 to someone who did not complete', async () => {
    const s = await series('受講なし')
    const none = await s.person()
    const short = await s.person()
    // Online for 10 minutes: under the seminar's 30, not attended.
    await s.attend(short, 1, 10)
    for (const id of [none, short]) {
      const refused = await issueCertificate(db, id, 'ATTENDANCE').catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(AppError)
      expect((refused as AppError).code).toBe('CERTIFICATE_NOT_ATTENDED')
    }
    const partial = await s.person()
    await s.attend(partial, 1)
    const notCompleted = await issueCertificate(db, partial, 'COMPLETION').catch((e: unknown) => e)
    expect((notCompleted as AppError).code).toBe('CERTIFICATE_NOT_COMPLETED')
    expect(
      await db.certificate.count({ where: { registrationId: { in: [none, short, partial] }, kind: 'COMPLETION' } }),
    ).toBe(0)
    expect((await certificateEligibility(db, partial)).kinds).toEqual(['ATTENDANCE'])
  })

  it('gives a 修了証 to someone who completed the series', async () => {
    const s = await series('修了の講座')
    const id = await s.person({ name: 'Hanako Yamada' })
    for (const n of [1, 2, 3]) await s.attend(id, n)
    expect((await certificateEligibility(db, id)).kinds).toEqual(['ATTENDANCE', 'COMPLETION'])
    const { code } = await issueCertificate(db, id, 'COMPLETION', NOW)
    const { pages, text } = await readPdf((await certificatePdf(db, id, 'COMPLETION'))!.pdf)
    expect(pages).toHaveLength(1)
    expect(text.replace(/\s+/g, '')).toContain('修了証')
    expect(text.replace(/\s+/g, '')).toContain('全3回')
    expect(await verifyCertificate(db, code)).toMatchObject({
      kind: 'COMPLETION',
      initials: 'H.Y.',
      seminarTitle: '修了の講座',
    })
  })

  it('through the participant link: nothing before the POST, the PDF after', async () => {
    const s = await series('リンクから')
    const id = await s.person()
    await s.attend(id, 2)
    const { manageToken } = await db.registration.findUniqueOrThrow({ where: { id }, select: { manageToken: true } })
    expect(await ownCertificatePdf(db, manageToken, 'ATTENDANCE')).toBeNull()
    await issueOwnCertificate(db, manageToken, 'ATTENDANCE')
    expect((await ownCertificatePdf(db, manageToken, 'ATTENDANCE'))?.pdf.length).toBeGreaterThan(1000)
    const wrong = await issueOwnCertificate(db, 'x'.repeat(43), 'ATTENDANCE').catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(AppError)
    expect((wrong as AppError).status).toBe(404)
  })
})

describe('always one page', () => {
  it('fits the longest fields and 60 sessions on one A4 page, long text cut with an ellipsis', async () => {
    const s = await series('長'.repeat(200))
    for (let n = 4; n <= 60; n++)
      await db.session.create({
        data: {
          seminarId: s.seminar.id,
          number: n,
          startsAt: new Date(START.getTime() + n * HOUR * 3),
          endsAt: new Date(START.getTime() + n * HOUR * 3 + HOUR),
        },
      })
    await saveCertificateLayout(db, s.seminar.programId, {
      ...LAYOUT,
      officeName: '課'.repeat(100),
      body: '証'.repeat(400),
      signerTitle: '長'.repeat(60),
      signerName: '名'.repeat(60),
    })
    const id = await s.person({ name: '名前'.repeat(30), organizationName: '会社'.repeat(50) })
    const sessions = await db.session.findMany({ where: { seminarId: s.seminar.id } })
    for (const session of sessions)
      await db.attendance.create({
        data: { sessionId: session.id, registrationId: id, mode: 'IN_PERSON', source: 'QR' },
      })
    await issueCertificate(db, id, 'ATTENDANCE', NOW)
    const { pages, text } = await readPdf((await certificatePdf(db, id, 'ATTENDANCE'))!.pdf)
    expect(pages).toHaveLength(1)
    const flat = text.replace(/\s+/g, '')
    expect(flat).toContain('60回（全60回中）')
    expect(flat).toContain('ほか53回')
    expect(flat).toContain('…')
  })
})

describe('what was issued stays as it was', () => {
  it('a later change of name, organization, attendance or layout changes neither the PDF nor the verification', async () => {
    const s = await series('控えの講座')
    await saveCertificateLayout(db, s.seminar.programId, LAYOUT)
    const id = await s.person({ name: '高橋 直子', organizationName: '株式会社タカハシ' })
    await s.attend(id, 1)
    const { code } = await issueCertificate(db, id, 'ATTENDANCE', NOW)
    const first = (await certificatePdf(db, id, 'ATTENDANCE'))!.pdf

    // The participant changes their name and organization to someone else's, attends again, and
    // the office changes its layout.
    await db.registration.update({ where: { id }, data: { name: '別人 次郎', organizationName: '別会社' } })
    await s.attend(id, 2)
    await saveCertificateLayout(db, s.seminar.programId, { ...LAYOUT, officeName: '別の課' })
    await db.seminar.update({ where: { id: s.seminar.id }, data: { title: '改題された講座' } })

    const again = (await certificatePdf(db, id, 'ATTENDANCE'))!.pdf
    // The same bytes: sent as stored, not drawn again.
    expect(again.equals(first)).toBe(true)
    const flat = (await readPdf(again)).text.replace(/\s+/g, '')
    expect(flat).toContain('高橋直子様')
    expect(flat).toContain('株式会社タカハシ')
    expect(flat).not.toContain('別人')
    expect(flat).not.toContain('別の課')
    expect(flat).toContain('1回（全3回中）')
    expect(await verifyCertificate(db, code)).toMatchObject({ initials: '高・直', seminarTitle: '控えの講座' })
  })
})

describe('verification', () => {
  it('confirms initials, seminar, dates and kind; after anonymization only that it was issued', async () => {
    const s = await series('確認ページの講座')
    const id = await s.person({ name: '佐藤 一郎' })
    await s.attend(id, 1)
    const { code } = await issueCertificate(db, id, 'ATTENDANCE', NOW)
    const shown = await verifyCertificate(
      db,
      code
        .toLowerCase()
        .replace(/(.{4})/g, '$1-')
        .slice(0, -1),
    )
    expect(shown).toEqual({
      kind: 'ATTENDANCE',
      seminarTitle: '確認ページの講座',
      dates: s.sessions.map((x) => x.startsAt),
      issuedAt: NOW,
      initials: '佐・一',
    })
    expect(JSON.stringify(shown)).not.toContain('佐藤')
    expect(await verifyCertificate(db, 'ZZZZZZZZZZZZZZZZ')).toBeNull()

    await anonymizeRegistrations(db, [id], { reason: 'REQUEST', now: NOW })
    const after = await verifyCertificate(db, code)
    expect(after).toMatchObject({ kind: 'ATTENDANCE', seminarTitle: '確認ページの講座', initials: null })
    // No new certificate, and the old one is not drawn again with a name.
    const refused = await issueCertificate(db, id, 'COMPLETION').catch((e: unknown) => e)
    expect((refused as AppError).code).toBe('CERTIFICATE_ANONYMIZED')
    expect(((await certificatePdf(db, id, 'ATTENDANCE').catch((e: unknown) => e)) as AppError).code).toBe(
      'CERTIFICATE_ANONYMIZED',
    )
    // The row keeps its code, kind, seminar and dates, but no name, organization or PDF.
    const row = await db.certificate.findUniqueOrThrow({ where: { code } })
    expect(row).toMatchObject({ kind: 'ATTENDANCE', seminarTitle: '確認ページの講座', holderName: '', pdf: null })
    expect(JSON.stringify(await db.certificate.findMany({ where: { registrationId: id } }))).not.toMatch(/佐藤|一郎/)
  })

  it('a deletion request leaves no name or organization in the Certificate table', async () => {
    const s = await series('削除依頼の講座')
    const id = await s.person({ name: '伊藤 美咲', organizationName: '伊藤商店' })
    for (const n of [1, 2, 3]) await s.attend(id, n)
    const { code } = await issueCertificate(db, id, 'ATTENDANCE', NOW)
    await issueCertificate(db, id, 'COMPLETION', NOW)
    await deletePersonalData(db, { registrationId: id, userId: null, now: NOW })
    const rows = await db.certificate.findMany({ where: { registrationId: id } })
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.pdf).toBeNull()
      expect(row.holderOrganization).toBeNull()
      const dump = JSON.stringify(row)
      for (const part of ['伊藤', '美咲', '商店']) expect(dump).not.toContain(part)
    }
    expect(await verifyCertificate(db, code)).toMatchObject({
      kind: 'ATTENDANCE',
      seminarTitle: '削除依頼の講座',
      dates: s.sessions.map((x) => x.startsAt),
      initials: null,
    })
  })
})

describe('the seal', () => {
  it('takes a PNG, and refuses what is not an image or too large, saving nothing', async () => {
    const s = await series('印影')
    const programId = s.seminar.programId
    const png = qrPng('seal')
    await saveCertificateLayout(db, programId, { ...LAYOUT, seal: png })
    expect((await certificateLayout(db, programId)).sealType).toBe('image/png')

    const notImage = new TextEncoder().encode('%PDF-1.7 not a picture, named seal.png')
    const fakePng = Buffer.concat([png.subarray(0, 8), Buffer.from('garbage after a PNG signature')])
    const tooLarge = Buffer.concat([png, Buffer.alloc(1024 * 1024)])
    for (const [seal, error] of [
      [notImage, 'CERTIFICATE_SEAL_NOT_IMAGE'],
      [fakePng, 'CERTIFICATE_SEAL_NOT_IMAGE'],
      [tooLarge, 'CERTIFICATE_SEAL_TOO_LARGE'],
    ] as const) {
      const refused = await saveCertificateLayout(db, programId, { ...LAYOUT, officeName: '変更', seal }).catch(
        (e: unknown) => e,
      )
      expect((refused as AppError).code).toBe(error)
    }
    const kept = await certificateLayout(db, programId)
    expect(kept.officeName).toBe(LAYOUT.officeName)
    expect(kept.sealImage?.equals(png)).toBe(true)

    // The seal is drawn on the certificate.
    const id = await s.person()
    await s.attend(id, 1)
    await issueCertificate(db, id, 'ATTENDANCE', NOW)
    const pdf = (await certificatePdf(db, id, 'ATTENDANCE'))!.pdf.toString('latin1')
    expect(pdf.match(/\/Subtype \/Image/g)?.length).toBe(2) // the seal and the QR code

    await saveCertificateLayout(db, programId, { ...LAYOUT, removeSeal: true })
    expect((await certificateLayout(db, programId)).sealImage).toBeNull()
  })
})

/** A PNG of this size, grey, built by hand: its pixels compress to almost nothing. */
function pngOf(width: number, height: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(body.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), body])))
    return Buffer.concat([length, Buffer.from(type, 'latin1'), body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const rows = Buffer.alloc((width + 1) * height) // filter byte 0 and black pixels, row after row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('Comment\0taken at 35.4437N 139.6380E', 'latin1')),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe('seal images are bounded and carry no metadata', () => {
  it('refuses a seal over 1000×1000 pixels from its header, before decoding it, saving nothing', async () => {
    const s = await series('大きな印影')
    const programId = s.seminar.programId
    await saveCertificateLayout(db, programId, LAYOUT)
    const huge = pngOf(4000, 4000)
    expect(huge.length).toBeLessThan(1024 * 1024)
    const started = performance.now()
    const refused = await saveCertificateLayout(db, programId, { ...LAYOUT, officeName: '変更', seal: huge }).catch(
      (e: unknown) => e,
    )
    expect((refused as AppError).code).toBe('CERTIFICATE_SEAL_TOO_MANY_PIXELS')
    // Read from the header: no time spent unpacking 16 million pixels.
    expect(performance.now() - started).toBeLessThan(1000)
    const tall = await saveCertificateLayout(db, programId, { ...LAYOUT, seal: pngOf(10, 1001) }).catch(
      (e: unknown) => e,
    )
    expect((tall as AppError).code).toBe('CERTIFICATE_SEAL_TOO_MANY_PIXELS')
    const kept = await certificateLayout(db, programId)
    expect(kept.officeName).toBe(LAYOUT.officeName)
    expect(kept.sealImage).toBeNull()

    // 1000×1000 is taken, without its text chunk.
    await saveCertificateLayout(db, programId, { ...LAYOUT, seal: pngOf(1000, 1000) })
    const saved = (await certificateLayout(db, programId)).sealImage!
    expect(saved.toString('latin1')).not.toContain('tEXt')
    expect(saved.toString('latin1')).not.toContain('139.6380E')
  })

  it('stores a JPEG without its EXIF (GPS) and comment, still drawable', async () => {
    const s = await series('JPEGの印影')
    const programId = s.seminar.programId
    const jpeg = fs.readFileSync(path.join(import.meta.dirname, '../../../tests/fixtures/seals/seal-24x16.jpg'))
    const segment = (marker: number, body: Buffer) => {
      const head = Buffer.from([0xff, marker, 0, 0])
      head.writeUInt16BE(body.length + 2, 2)
      return Buffer.concat([head, body])
    }
    const exif = segment(0xe1, Buffer.from('Exif\0\0MM\0*GPSLatitude 35.4437N GPSLongitude 139.6380E', 'latin1'))
    const comment = segment(0xfe, Buffer.from('scanned by 山田 at home', 'utf8'))
    const withExif = Buffer.concat([jpeg.subarray(0, 2), exif, comment, jpeg.subarray(2)])
    await saveCertificateLayout(db, programId, { ...LAYOUT, seal: withExif })
    const layout = await certificateLayout(db, programId)
    expect(layout.sealType).toBe('image/jpeg')
    const stored = layout.sealImage!.toString('latin1')
    for (const gone of ['Exif', 'GPSLatitude', '139.6380E', 'scanned by']) expect(stored).not.toContain(gone)
    // The picture itself is there as it was (from its first scan to the end).
    const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]))
    expect(layout.sealImage!.subarray(-(jpeg.length - scan)).equals(jpeg.subarray(scan))).toBe(true)

    const id = await s.person()
    await s.attend(id, 1)
    await issueCertificate(db, id, 'ATTENDANCE', NOW)
    const pdf = (await certificatePdf(db, id, 'ATTENDANCE'))!.pdf.toString('latin1')
    expect(pdf).toContain('/DCTDecode')
    expect(pdf).not.toContain('GPSLatitude')
  })
})

describe('the audit trail', () => {
  it('records layout and seal changes, the mail setting, staff issuing and staff downloads, as sentences', async () => {
    const s = await series('監査の講座')
    const staff = await createConsoleUser(db, {
      email: 'cert-audit@city.example.jp',
      name: '監査 担当',
      password: 'a long staff password',
      role: 'ADMIN',
    })
    await saveCertificateLayout(db, s.seminar.programId, { ...LAYOUT, seal: qrPng('seal') }, staff.id)
    await saveCertificateLayout(db, s.seminar.programId, { ...LAYOUT, removeSeal: true }, staff.id)
    await setCertificatesByMail(db, s.seminar.id, true, staff.id)
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.seminar.id } })).certificatesByMail).toBe(true)
    // Off again (not through the module): the mail tests below run the job over every seminar.
    await db.seminar.update({ where: { id: s.seminar.id }, data: { certificatesByMail: false } })
    const id = await s.person({ name: '監査 花子' })
    await s.attend(id, 1)
    await staffIssueCertificate(db, s.seminar.id, id, 'ATTENDANCE', staff.id)
    // Asked again: already issued, not issued again.
    await staffIssueCertificate(db, s.seminar.id, id, 'ATTENDANCE', staff.id)
    expect(await staffCertificatePdf(db, s.seminar.id, id, 'ATTENDANCE', staff.id)).not.toBeNull()

    const events = await db.auditEvent.findMany({
      where: { actorId: staff.id },
      orderBy: { at: 'asc' },
      select: { action: true, entityType: true, entityId: true, detail: true, actor: { select: { name: true } } },
    })
    expect(events.map((e) => e.action)).toEqual([
      'certificate.layout',
      'certificate.layout',
      'certificate.mail-setting',
      'certificate.issue',
      'export.certificate',
    ])
    const programName = (await db.program.findUniqueOrThrow({ where: { id: s.seminar.programId } })).name
    expect(await describeAuditEvents(db, events, 'ja')).toEqual([
      `監査 担当 が「${programName}」の証明書の様式を保存しました（印影を変更）`,
      expect.stringContaining('（印影を削除）'),
      '監査 担当 が「監査の講座」の証明書のメール送付を「送る」にしました',
      '監査 担当 が 監査 花子 の受講証明書を発行しました（監査の講座）',
      '監査 担当 が 監査 花子 の受講証明書（PDF）をダウンロードしました（監査の講座）',
    ])
  })
})

describe('by mail', () => {
  it('after the series, to those who attended, with the PDFs attached, through SMTP', async () => {
    const s = await series('メールで送る講座', { byMail: true })
    const completed = await s.person({ name: '修了 者' })
    for (const n of [1, 2, 3]) await s.attend(completed, n)
    const attended = await s.person({ name: '受講 者' })
    await s.attend(attended, 3)
    await s.person({ name: '欠席 者' })
    await db.outboxMessage.deleteMany()
    const job = certificatesJob(db, 1000)
    // Before the day after the last session: nothing yet.
    const lastEnd = s.sessions[2].endsAt
    expect((await job.run(new Date(lastEnd.getTime() + HOUR))).counts).toEqual({ queued: 0 })
    const due = new Date(lastEnd.getTime() + 2 * DAY)
    expect((await job.run(due)).counts).toEqual({ queued: 2 })
    expect((await job.run(due)).counts).toEqual({ queued: 0 })
    expect(await deliverDueMessages(db, transport, due)).toEqual({ SENT: 2, RETRY: 0, FAILED: 0 })
    await smtp.waitFor(2)
    const byName = (name: string) => smtp.received.find((m) => m.to && JSON.stringify(m.to).includes(name))!
    const pdfsOf = (name: string) => byName(name).attachments.filter((a) => a.contentType === 'application/pdf')
    expect(byName('修了 者').subject).toBe('【受講証明書】メールで送る講座')
    expect(pdfsOf('修了 者')).toHaveLength(2)
    expect(pdfsOf('受講 者')).toHaveLength(1)
    const { pages, text } = await readPdf(pdfsOf('受講 者')[0].content)
    expect(pages).toHaveLength(1)
    expect(text.replace(/\s+/g, '')).toContain('受講者様')
    expect(await db.certificate.count({ where: { seminarId: s.seminar.id } })).toBe(3)
  })

  it('only to confirmed registrations: not to a cancelled, waitlisted or undrawn one with an attendance', async () => {
    const s = await series('確定者だけの講座', { byMail: true })
    const confirmed = await s.person({ name: '確定 者' })
    await s.attend(confirmed, 1)
    const others: string[] = []
    for (const status of ['CANCELLED', 'WAITLISTED', 'NOT_SELECTED'] as const) {
      const id = await s.person({ name: `${status} 者` })
      await s.attend(id, 1)
      await db.registration.update({ where: { id }, data: { status } })
      others.push(id)
    }
    await db.outboxMessage.deleteMany()
    const due = new Date(s.sessions[2].endsAt.getTime() + 2 * DAY)
    expect((await certificatesJob(db, 1000).run(due)).counts).toEqual({ queued: 1 })
    expect(
      await db.certificate.findMany({ where: { seminarId: s.seminar.id }, select: { registrationId: true } }),
    ).toEqual([{ registrationId: confirmed }])
    for (const id of others) {
      expect((await certificateEligibility(db, id)).refusal).toBe('CERTIFICATE_NOT_CONFIRMED')
      const refused = await issueCertificate(db, id, 'ATTENDANCE').catch((e: unknown) => e)
      expect((refused as AppError).code).toBe('CERTIFICATE_NOT_CONFIRMED')
      // Nor through the participant's link.
      const { manageToken } = await db.registration.findUniqueOrThrow({ where: { id }, select: { manageToken: true } })
      expect((await ownCertificatePage(db, manageToken)).kinds).toEqual([])
      const own = await issueOwnCertificate(db, manageToken, 'ATTENDANCE').catch((e: unknown) => e)
      expect((own as AppError).code).toBe('CERTIFICATE_NOT_CONFIRMED')
    }
    expect(await db.certificate.count({ where: { registrationId: { in: others } } })).toBe(0)
  })

  it('nothing when the organizer did not turn it on', async () => {
    const s = await series('送らない講座')
    const id = await s.person()
    await s.attend(id, 3)
    await db.outboxMessage.deleteMany()
    await certificatesJob(db, 1000).run(new Date(s.sessions[2].endsAt.getTime() + 2 * DAY))
    expect(await db.outboxMessage.count({ where: { kind: 'CERTIFICATE' } })).toBe(0)
  })
})
