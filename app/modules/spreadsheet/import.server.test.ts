import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { createConsoleUser } from '../accounts/console-users.server'
import { anonymizeExpired } from '../privacy/retention.server'
import { register } from '../registration/registrations.server'
import {
  actOnImport,
  applySpreadsheetImport,
  importPage,
  undoSpreadsheetImport,
  uploadSpreadsheet,
  type ImportTarget,
} from './import.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'sheet@city.example.jp', name: '取込', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

const HOUR = 3600_000
const DAY = 24 * HOUR

/** A UTF-8 CSV with a BOM, as Google Forms and LoGoフォーム write it. */
function csvFile(text: string, name = 'form.csv'): File {
  return new File([Buffer.from('\uFEFF' + text.replace(/\n/g, '\r\n'), 'utf8')], name, { type: 'text/csv' })
}

async function upload(target: ImportTarget, file: File) {
  return uploadSpreadsheet(db, { target, file, userId })
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  throw new Error('not refused')
}

async function apply(target: ImportTarget, importId: string, sendMail = false) {
  const page = await importPage(db, target, importId)
  return applySpreadsheetImport(db, { target, importId, userId, sendMail, digest: page.digest })
}

/** A seminar whose only session was yesterday (attendance can be recorded for it). */
async function heldSeminar() {
  const now = Date.now()
  const seminar = await createSeminar(db, { capacityInPerson: 50 })
  await db.session.updateMany({
    where: { seminarId: seminar.id },
    data: { startsAt: new Date(now - DAY), endsAt: new Date(now - DAY + 2 * HOUR) },
  })
  return seminar
}

describe('importing registrants and attendance into a seminar', () => {
  it('previews every row’s outcome, writes nothing until applied, and refuses to apply a file with errors', async () => {
    const seminar = await heldSeminar()
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    // Known from another seminar; already registered here.
    const other = await createSeminar(db)
    const known = participant({ email: `known-${seminar.id}@example.jp` })
    await register(db, { seminarId: other.id, ...known })
    const here = participant({ email: `here-${seminar.id}@example.jp` })
    await register(db, { seminarId: seminar.id, ...here })
    const before = await db.registration.count()

    const id = await upload(
      target,
      csvFile(
        [
          '氏名,ふりがな,メールアドレス,会社名,出欠',
          `新規 一郎,しんき いちろう,NEW-${seminar.id}@Example.jp,株式会社新規,○`,
          `${known.name},${known.furigana},${known.email},株式会社サンプル,○`,
          `${here.name},${here.furigana},${here.email},株式会社サンプル,×`,
          `新規 一郎,しんき いちろう,new-${seminar.id}@example.jp,株式会社新規,○`,
          '電話 花子,でんわ はなこ,,,○',
          '誤り 三郎,ごり さぶろう,not-an-address,,○',
        ].join('\n'),
      ),
    )
    const page = await importPage(db, target, id)
    expect(page.mapping).toEqual(['name', 'furigana', 'email', 'organizationName', 'attended'])
    expect(page.plan.rows.map((r) => [r.line, r.kind, r.firstLine ?? null])).toEqual([
      [2, 'new', null],
      [3, 'known', null],
      [4, 'registered', null],
      [5, 'duplicate', 2],
      [6, 'error', null],
      [7, 'error', null],
    ])
    // Each error names its line, its column and what was expected.
    expect(page.plan.rows[4].errors).toEqual([
      expect.objectContaining({ line: 6, column: 'メールアドレス', message: 'imports.row.contactRequired' }),
    ])
    // A row with errors shows the name as typed.
    expect(page.plan.rows[5].name).toBe('誤り 三郎')
    expect(page.plan.rows[5].errors).toEqual([
      expect.objectContaining({ line: 7, column: 'メールアドレス', message: 'sheet.error.email' }),
    ])
    expect(page.plan.counts).toMatchObject({ newPersons: 1, knownPersons: 1, registered: 1, duplicates: 1, errors: 2 })
    expect(await db.registration.count()).toBe(before)

    expect(await codeOf(apply(target, id))).toBe('IMPORT_HAS_ERRORS')
    expect(await db.registration.count()).toBe(before)
    expect(await db.attendance.count({ where: { session: { seminarId: seminar.id } } })).toBe(0)
  })

  it('applies in one go: registrations from the import without consent or mail, attendance, no second person', async () => {
    const seminar = await heldSeminar()
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const other = await createSeminar(db)
    const known = participant({ email: `known2-${seminar.id}@example.jp` })
    const knownRegistration = await register(db, { seminarId: other.id, ...known })
    const knownPersonId = (await db.registration.findUniqueOrThrow({ where: { id: knownRegistration.id } })).personId
    const here = participant({ email: `here2-${seminar.id}@example.jp` })
    const hereRegistration = await register(db, { seminarId: seminar.id, ...here })
    const persons = await db.person.count()

    const file = [
      '氏名,ふりがな,メールアドレス,会社名,出欠',
      `新規 一郎,しんき いちろう,new2-${seminar.id}@example.jp,株式会社新規,○`,
      // The known person under their old name: matched by email, not renamed.
      `旧姓 名前,きゅうせい なまえ,${known.email.toUpperCase()},株式会社サンプル,○`,
      `${here.name},${here.furigana},${here.email},株式会社サンプル,○`,
      '電話 花子,でんわ はなこ,,紙の会,×',
    ].join('\n')
    const id = await upload(target, csvFile(file))
    const summary = await apply(target, id)
    expect(summary).toMatchObject({ newRegistrations: 3, newAttendances: 3, mailed: 0 })

    const imported = await db.registration.findMany({ where: { seminarId: seminar.id, source: 'IMPORT' } })
    expect(imported).toHaveLength(3)
    for (const r of imported) expect(r).toMatchObject({ consentedAt: null, privacyVersion: null, status: 'CONFIRMED' })
    expect(await db.outboxMessage.count({ where: { registrationId: { in: imported.map((r) => r.id) } } })).toBe(0)
    // Two new people (one keyed by name and organization); the known one is not made twice nor renamed.
    expect(await db.person.count()).toBe(persons + 2)
    const knownHere = imported.find((r) => r.personId === knownPersonId)
    expect(knownHere).toBeDefined()
    expect((await db.person.findUniqueOrThrow({ where: { id: knownPersonId } })).name).toBe(known.name)
    const attendance = await db.attendance.findMany({ where: { session: { seminarId: seminar.id } } })
    expect(attendance).toHaveLength(3)
    expect(attendance.every((a) => a.source === 'IMPORT')).toBe(true)
    expect(attendance.map((a) => a.registrationId)).toContain(hereRegistration.id)
    const seats = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect(seats.seatsTakenInPerson).toBe(4)
    expect(await db.auditEvent.count({ where: { action: 'spreadsheet-import.apply', entityId: id } })).toBe(1)
    // The file's rows are not kept twice once they are registrations.
    expect((await db.spreadsheetImport.findUniqueOrThrow({ where: { id } })).rows).toBe('[]')

    // The same file again: told so, nothing changes.
    const again = await upload(target, csvFile(file))
    expect((await importPage(db, target, again)).sameFileApplied).not.toBeNull()
    expect(await codeOf(apply(target, again))).toBe('IMPORT_SAME_FILE_APPLIED')
    // Another file with the same people: matched row by row, nothing to add.
    const same = await upload(target, csvFile(file.replace('出欠', '出席'), 'other.csv'))
    const samePage = await importPage(db, target, same)
    expect(samePage.plan.counts).toMatchObject({ newRegistrations: 0, newAttendances: 0, registered: 4 })
    expect(await codeOf(apply(target, same))).toBe('IMPORT_NOTHING_TO_DO')
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(4)
    expect(await db.attendance.count({ where: { session: { seminarId: seminar.id } } })).toBe(3)
    // Applying the first one twice (a double submit) is refused too.
    expect(await codeOf(apply(target, id))).toBe('IMPORT_ALREADY_APPLIED')
  })

  it('queues the confirmation only when asked, and only to people with an address', async () => {
    const seminar = await createSeminar(db)
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const id = await upload(
      target,
      csvFile(
        [
          '氏名,ふりがな,メールアドレス,会社名',
          `郵便 一,ゆうびん はじめ,mail-${seminar.id}@example.jp,`,
          '紙 二郎,かみ じろう,,紙の会',
        ].join('\n'),
      ),
    )
    const summary = await apply(target, id, true)
    expect(summary.mailed).toBe(1)
    const messages = await db.outboxMessage.findMany({ where: { seminarId: seminar.id } })
    expect(messages.map((m) => m.kind)).toEqual(['CONFIRMED'])
  })

  it('undoes an import as a whole, and refuses once someone was checked in since', async () => {
    const seminar = await heldSeminar()
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const other = await createSeminar(db)
    const known = participant({ email: `known3-${seminar.id}@example.jp` })
    await register(db, { seminarId: other.id, ...known })
    const persons = await db.person.count()
    const file = [
      '氏名,ふりがな,メールアドレス,出欠',
      `取消 一郎,とりけし いちろう,undo-${seminar.id}@example.jp,○`,
      `${known.name},${known.furigana},${known.email},○`,
    ].join('\n')
    const id = await upload(target, csvFile(file))
    await apply(target, id)
    expect(await db.person.count()).toBe(persons + 1)

    await actOnImport(db, { target, importId: id, userId, form: { intent: 'undo' } })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    expect(await db.attendance.count({ where: { session: { seminarId: seminar.id } } })).toBe(0)
    expect(await db.person.count()).toBe(persons)
    expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'spreadsheet-import.undo', entityId: id } })).toBe(1)
    expect(await codeOf(undoSpreadsheetImport(db, { target, importId: id, userId }))).toBe('IMPORT_ALREADY_UNDONE')

    // Undone, the same file may come in again; then a check-in at the door keeps it from being undone.
    const again = await upload(target, csvFile(file.replace(/,○/g, ','), 'again.csv'))
    await apply(target, again)
    const [session] = await db.session.findMany({ where: { seminarId: seminar.id } })
    const registration = await db.registration.findFirstOrThrow({ where: { seminarId: seminar.id, source: 'IMPORT' } })
    await db.attendance.create({
      data: { sessionId: session.id, registrationId: registration.id, mode: 'IN_PERSON', source: 'QR' },
    })
    expect((await importPage(db, target, again)).undoRefusal).toBe('imports.error.undoCheckedIn')
    expect(await codeOf(undoSpreadsheetImport(db, { target, importId: again, userId }))).toBe('IMPORT_UNDO_CHECKED_IN')
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(2)
  })

  it('keeps the mapping chosen, reports what is wrong with it, and remembers it for the same headers', async () => {
    const seminar = await createSeminar(db)
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const file = ['お名前,連絡先,所属', `地図 太郎,map-${seminar.id}@example.jp,地図社`].join('\n')
    const id = await upload(target, csvFile(file, 'kintone.csv'))
    await actOnImport(db, {
      target,
      importId: id,
      userId,
      form: { intent: 'map', columns: ['name', 'name', 'organizationName'] },
    })
    const wrong = await importPage(db, target, id)
    expect(wrong.mapping).toEqual(['name', 'name', 'organizationName'])
    expect(wrong.plan.mappingProblems).toEqual([
      { message: 'imports.mapping.twice', params: { field: 'name', columns: 'お名前, 連絡先' } },
    ])
    await actOnImport(db, {
      target,
      importId: id,
      userId,
      form: { intent: 'map', columns: ['name', 'email', 'organizationName'] },
    })
    // A later file with the same headers gets the mapping chosen.
    const next = await upload(target, csvFile(file.replace('地図 太郎', '地図 次郎'), 'kintone2.csv'))
    const page = await importPage(db, target, next)
    expect(page.mapping).toEqual(['name', 'email', 'organizationName'])
    // Presets serve every program: they carry no file name (it may name people or another program).
    expect(page.preset?.name).toBe('')
    expect(page.preset?.savedAt).toBeInstanceOf(Date)
  })

  it('records attendance per session from ○/× columns headed 第1回, 第2回, and refuses a mode the seminar does not offer', async () => {
    const seminar = await heldSeminar()
    const [first] = await db.session.findMany({ where: { seminarId: seminar.id } })
    const second = await db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(first.startsAt.getTime() + 7 * DAY),
        endsAt: new Date(first.endsAt.getTime() + 7 * DAY),
      },
    })
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const id = await upload(
      target,
      csvFile(
        [
          '氏名,会社名,メールアドレス,参加方法,第1回,第2回',
          `前田 一,前田組,maeda-${seminar.id}@example.jp,会場,○,×`,
          `後藤 二,後藤社,goto-${seminar.id}@example.jp,,出,出`,
          `画面 三,画面社,online-${seminar.id}@example.jp,オンライン,○,○`,
        ].join('\n'),
      ),
    )
    const page = await importPage(db, target, id)
    expect(page.mapping).toEqual(['name', 'organizationName', 'email', 'mode', 'session', 'session'])
    expect(page.plan.rows.map((r) => [r.line, r.kind, r.attendances])).toEqual([
      [2, 'new', 1],
      [3, 'new', 2],
      [4, 'error', 0],
    ])
    expect(page.plan.rows[2].errors).toEqual([
      expect.objectContaining({ line: 4, column: '参加方法', field: 'mode', message: 'imports.row.modeNotOffered' }),
    ])
    // Without the online row it comes in, each ○ on its own session.
    const fixed = await upload(
      target,
      csvFile(
        [
          '氏名,会社名,メールアドレス,参加方法,第1回,第2回',
          `前田 一,前田組,maeda-${seminar.id}@example.jp,会場,○,×`,
          `後藤 二,後藤社,goto-${seminar.id}@example.jp,,出,出`,
        ].join('\n'),
        'fixed.csv',
      ),
    )
    await apply(target, fixed)
    expect(await db.attendance.count({ where: { sessionId: first.id } })).toBe(2)
    expect(await db.attendance.count({ where: { sessionId: second.id } })).toBe(1)
  })

  // A hang guard, not a speed limit: the machine may be busy.
  it('applies and undoes a file of 1,500 rows (more ids than a statement may bind)', { timeout: 240_000 }, async () => {
    const seminar = await heldSeminar()
    await db.seminar.update({ where: { id: seminar.id }, data: { capacityInPerson: null } })
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const lines = ['氏名,メールアドレス,会社名,出欠']
    for (let i = 0; i < 1500; i++) lines.push(`多数 ${i},many${i}-${seminar.id}@example.jp,会社${i % 40},○`)
    const persons = await db.person.count()
    const id = await upload(target, csvFile(lines.join('\n'), 'many.csv'))
    expect(await apply(target, id)).toMatchObject({ newRegistrations: 1500, newAttendances: 1500 })
    expect(await db.attendance.count({ where: { session: { seminarId: seminar.id } } })).toBe(1500)
    await undoSpreadsheetImport(db, { target, importId: id, userId })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    expect(await db.person.count()).toBe(persons)
  })

  it('empties the rows of a file uploaded and never applied after a month (retention)', async () => {
    const seminar = await createSeminar(db)
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const file = () => csvFile(['氏名,メールアドレス', `保存 一,keep-${seminar.id}@example.jp`].join('\n'))
    const stale = await upload(target, file())
    const fresh = await upload(target, file())
    await db.spreadsheetImport.update({
      where: { id: stale },
      data: { createdAt: new Date(Date.now() - 31 * DAY) },
    })
    await anonymizeExpired(db)
    expect((await db.spreadsheetImport.findUniqueOrThrow({ where: { id: stale } })).rows).toBe('[]')
    expect((await db.spreadsheetImport.findUniqueOrThrow({ where: { id: fresh } })).rows).toContain('保存 一')
    // Its page still opens, with nothing left to import.
    expect((await importPage(db, target, stale)).plan.rows).toEqual([])
  })

  it('refuses more new registrations than free seats, writing nothing', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const target: ImportTarget = { kind: 'SEMINAR', seminarId: seminar.id }
    const id = await upload(
      target,
      csvFile(
        ['氏名,メールアドレス', `一 一,a-${seminar.id}@example.jp`, `二 二,b-${seminar.id}@example.jp`].join('\n'),
      ),
    )
    const persons = await db.person.count()
    expect(await codeOf(apply(target, id))).toBe('IMPORT_OVER_CAPACITY')
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    expect(await db.person.count()).toBe(persons)
  })
})
