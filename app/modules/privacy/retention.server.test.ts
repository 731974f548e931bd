import { ensureCategory } from '~/modules/categories/categories.server'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDb, snapshotDatabase, type DbSnapshot, type TestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import type { CountingRule } from '~/generated/prisma/client'
import { action as deleteAction, loader as deleteLoader } from '~/routes/console.seminars.$id.registrations.$rid.delete'
import { createConsoleUser, startSignIn } from '../accounts/console-users.server'
import { checkIn, markAttendance } from '../attendance/checkin.server'
import { applyImport, createImport } from '../attendance/import.server'
import { setRegistrationRole } from '../attendance/roles.server'
import { registerWalkIn } from '../attendance/walk-in.server'
import { attendanceRecordRows } from '../exports/attendance-records.server'
import { participationTables } from '../exports/participation-export.server'
import { participationTotals } from '../exports/participation-totals.server'
import { evaluationTable, multiYearTable } from '../indicators/evaluation-export.server'
import { acceptDifferences, closeFiscalYear } from '../indicators/year-close.server'
import { evidence } from '../indicators/evidence.server'
import {
  dashboard,
  evaluationSheet,
  liveActual,
  loadIndicators,
  multiYearActuals,
  reportedFigure,
  saveIndicator,
  setManualFigure,
  setPlan,
  yearStatus,
} from '../indicators/indicators.server'
import { fileTransport } from '../mail/transport.server'
import { deliverDueMessages } from '../mail/worker.server'
import { getOwnRegistration } from '../registration/manage.server'
import { cancelRegistration, register, type RegistrationInput } from '../registration/registrations.server'
import {
  ANONYMIZED_IMPORT,
  ANONYMIZED_NAME,
  anonymizeExpired,
  deletePersonalData,
  isPastRetention,
  retentionCutoff,
  seminarStart,
} from './retention.server'

/*
 * Retention (docs/decisions/0012-retention.md; no figure moves:
 * docs/domain.md#removing-personal-data-never-moves-a-figure): a realistic history of five fiscal years, three
 * programs with different retention periods, repeat participants and companies, walk-ins, online reports, speakers
 * and staff, a closed year with an adjustment, and indicators of every counting rule. Every figure is computed,
 * personal data is purged, and every figure is computed again: they must be exactly the same.
 *
 * The history is built once; each test then starts from a copy of the stage it needs (the history,
 * after the run of 31 March, after both runs), database and mail copies alike, so that no test
 * depends on what another one left behind, and any of them can run alone.
 */

let db: Db
let userId: string
let mailDir: string

const jst = (iso: string) => new Date(`${iso}+09:00`)
const DAY = 86400_000
/** When the figures are looked at: fixed, so that "sessions held so far" cannot move. */
const AS_OF = jst('2026-11-01T00:00')
const YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]
/** The last instant of FY2026 and the first of FY2027 (Japan time). */
const LAST_OF_FY2026 = new Date(jst('2027-04-01T00:00').getTime() - 1)
const FIRST_OF_FY2027 = jst('2027-04-01T00:00')

/** A valid 法人番号 for a 12-digit base (check digit in front). */
function corporateNumber(base: string): string {
  let sum = 0
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2)
  return `${9 - (sum % 9)}${base}`
}

type PersonData = Omit<RegistrationInput, 'seminarId' | 'mode' | 'language' | 'submissionKey' | 'source'>

const MINATO = corporateNumber('123456789012')
const PEOPLE = {
  taro: {
    name: '山田 太郎',
    furigana: 'やまだ たろう',
    email: 'taro.yamada@example.jp',
    organizationName: '株式会社ミナト製作所',
    corporateNumber: MINATO,
    industry: 'E',
    inCity: true,
  },
  // The same company, written without its legal form and without the number.
  hanako: {
    name: '佐藤 花子',
    furigana: 'さとう はなこ',
    email: 'hanako.sato@example.jp',
    organizationName: 'ミナト製作所',
    corporateNumber: null,
    industry: 'E',
    inCity: true,
  },
  ken: {
    name: '高橋 健',
    furigana: 'たかはし けん',
    email: 'ken.takahashi@example.jp',
    organizationName: '有限会社オカ技研',
    corporateNumber: null,
    industry: 'G',
    inCity: false,
  },
  yui: {
    name: '伊藤 結衣',
    furigana: 'いとう ゆい',
    email: 'yui.ito@example.net',
    organizationName: null,
    corporateNumber: null,
    industry: null,
    inCity: true,
  },
  mika: {
    name: 'Mika Ito',
    furigana: '',
    email: 'mika.ito@example.com',
    organizationName: 'Kobe Robotics Inc.',
    corporateNumber: null,
    industry: 'F',
    inCity: false,
  },
  jiro: {
    name: '鈴木 次郎',
    furigana: 'すずき じろう',
    email: 'jiro.suzuki@example.jp',
    organizationName: '株式会社ミナト製作所',
    corporateNumber: MINATO,
    industry: 'E',
    inCity: true,
  },
  sho: {
    name: '中村 翔',
    furigana: 'なかむら しょう',
    email: 'sho.nakamura@example.jp',
    organizationName: '株式会社ハーバー',
    corporateNumber: null,
    industry: 'K',
    inCity: true,
  },
  aoi: {
    name: '小川 葵',
    furigana: 'おがわ あおい',
    email: 'aoi.ogawa@example.jp',
    organizationName: '株式会社ハーバー',
    corporateNumber: null,
    industry: 'K',
    inCity: true,
  },
  speaker: {
    name: '講師 一郎',
    furigana: 'こうし いちろう',
    email: 'ichiro.koshi@example.org',
    organizationName: '講師事務所',
    corporateNumber: null,
    industry: 'L',
    inCity: false,
  },
  drafty: {
    name: '早川 ゆき',
    furigana: 'はやかわ ゆき',
    email: 'yuki.hayakawa@example.jp',
    organizationName: null,
    corporateNumber: null,
    industry: null,
    inCity: true,
  },
} satisfies Record<string, PersonData>
type Who = keyof typeof PEOPLE

/** Walk-ins and people found only in a meeting report. */
const WALK_INS = {
  kobayashi: { name: '小林 歩', email: 'ayumu.kobayashi@example.jp' },
  anonymous: { name: '当日 参加者', email: null },
  guest22: { name: 'Online Guest', email: 'guest.online@example.org' },
  guest23: { name: 'Remote Viewer', email: 'remote.viewer@example.org' },
  staff: { name: '事務局 職員', email: null },
}

type Seminar = { id: string; sessions: { id: string; startsAt: Date }[]; registerAt: Date }
const seminars: Record<string, Seminar> = {}
/** Registrations by label "<seminar>:<who>". */
const regs: Record<string, { id: string; code: string; manageToken: string }> = {}
const programs: Record<string, string> = {}
const imports: Record<string, string> = {}
let seq = 0

async function program(code: string, name: string, retentionYears: number) {
  programs[code] = (await db.program.create({ data: { code, name, retentionYears } })).id
}

async function seminar(
  key: string,
  programCode: string,
  title: string,
  starts: string[],
  extra: { category?: string; capacityInPerson?: number } = {},
) {
  const first = jst(starts[0])
  const s = await db.seminar.create({
    data: {
      programId: programs[programCode],
      title,
      categoryId: await ensureCategory(db, extra.category ?? 'セミナー'),
      status: 'PUBLISHED',
      mode: 'HYBRID',
      venueName: '産業振興センター',
      capacityInPerson: extra.capacityInPerson ?? 100,
      capacityOnline: 100,
      minOnlineMinutes: 30,
      registrationOpensAt: new Date(first.getTime() - 60 * DAY),
      registrationClosesAt: new Date(first.getTime() - DAY),
      publishedAt: new Date(first.getTime() - 60 * DAY),
      createdAt: new Date(first.getTime() - 90 * DAY),
    },
  })
  const sessions = []
  for (const [i, at] of starts.entries()) {
    sessions.push(
      await db.session.create({
        data: { seminarId: s.id, number: i + 1, startsAt: jst(at), endsAt: new Date(jst(at).getTime() + 2 * 3600_000) },
        select: { id: true, startsAt: true },
      }),
    )
  }
  seminars[key] = { id: s.id, sessions, registerAt: new Date(first.getTime() - 30 * DAY) }
}

async function reg(seminarKey: string, who: Who, mode: 'IN_PERSON' | 'ONLINE' = 'IN_PERSON') {
  const s = seminars[seminarKey]
  const r = await register(
    db,
    {
      seminarId: s.id,
      ...PEOPLE[who],
      mode,
      language: 'ja',
      submissionKey: `submission-${++seq}`,
    },
    new Date(s.registerAt.getTime() + seq * 60_000),
  )
  regs[`${seminarKey}:${who}`] = r
  return r
}

async function attend(seminarKey: string, who: string, sessionIndex = 0) {
  const s = seminars[seminarKey]
  const session = s.sessions[sessionIndex]
  const outcome = await checkIn(
    db,
    { sessionId: session.id, code: regs[`${seminarKey}:${who}`].code, source: 'QR', userId },
    new Date(session.startsAt.getTime() - 10 * 60_000),
  )
  expect(outcome.outcome).toBe('CHECKED_IN')
}

async function walkIn(
  seminarKey: string,
  label: string,
  person: { name: string; email: string | null },
  extra: { organizationName?: string; industry?: string; sessionIndex?: number } = {},
) {
  const s = seminars[seminarKey]
  const session = s.sessions[extra.sessionIndex ?? 0]
  const { registrationId } = await registerWalkIn(
    db,
    {
      sessionId: session.id,
      name: person.name,
      email: person.email,
      organizationName: extra.organizationName ?? null,
      industry: extra.industry ?? null,
      inCity: true,
      mode: 'IN_PERSON',
      overrideCapacity: false,
      userId,
    },
    session.startsAt,
  )
  const r = await db.registration.findUniqueOrThrow({ where: { id: registrationId } })
  regs[`${seminarKey}:${label}`] = { id: r.id, code: r.code, manageToken: r.manageToken }
}

/** A Zoom participant report of one session, imported and applied (unmatched attendees added). */
async function zoomImport(
  seminarKey: string,
  rows: { name: string; email: string; minutes: number }[],
  addUnmatched: { label: string; email: string }[],
) {
  const s = seminars[seminarKey]
  const session = s.sessions[0]
  const at = (d: Date) => {
    const t = new Date(d.getTime() + 9 * 3600_000).toISOString()
    return `${t.slice(0, 10).replace(/-/g, '/')} ${t.slice(11, 19)}`
  }
  const lines = [
    'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
    ...rows.map(
      (r) =>
        `${r.name},${r.email},${at(session.startsAt)},${at(new Date(session.startsAt.getTime() + r.minutes * 60_000))},${r.minutes},No`,
    ),
  ]
  const importId = await createImport(db, {
    sessionId: session.id,
    fileName: 'participants.csv',
    bytes: new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`),
    userId,
  })
  await applyImport(
    db,
    {
      importId,
      sessionId: session.id,
      addUnmatchedKeys: addUnmatched.map((u) => `email:${u.email}`),
      userId,
    },
    new Date(session.startsAt.getTime() + 3 * 3600_000),
  )
  imports[seminarKey] = importId
  for (const u of addUnmatched) {
    const r = await db.registration.findFirstOrThrow({ where: { seminarId: s.id, emailNormalized: u.email } })
    regs[`${seminarKey}:${u.label}`] = { id: r.id, code: r.code, manageToken: r.manageToken }
  }
}

async function indicator(
  code: string,
  rule: CountingRule,
  programCodes: string[],
  extra: Partial<Parameters<typeof saveIndicator>[1]> = {},
) {
  return saveIndicator(db, {
    code,
    name: `指標 ${code}`,
    nameEn: `Indicator ${code}`,
    kind: 'ACTIVITY',
    unit: rule === 'UNIQUE_ORGANIZATIONS' ? '社' : rule === 'SESSIONS_HELD' ? '回' : '人',
    rule,
    categoryIds: [],
    seminarIds: [],
    modeScope: 'ALL',
    cumulative: false,
    baseYear: null,
    baseline: null,
    note: '',
    programIds: programCodes.map((c) => programs[c]),
    ...extra,
  })
}

let indicatorIds: Record<string, string> = {}

async function buildHistory() {
  // Three programs: default retention, a short one, a long one.
  await program('IOT', 'IoT推進事業', 3)
  await program('DX', 'DX経営支援事業', 1)
  await program('MONO', 'ものづくり人材育成事業', 5)

  // Indicators of every counting rule, some listed under several programs (再掲), two cumulative.
  indicatorIds = {
    personTimes: await indicator('PT', 'PERSON_TIMES', ['IOT', 'DX']),
    persons: await indicator('UP', 'UNIQUE_PERSONS', ['IOT']),
    organizations: await indicator('UO', 'UNIQUE_ORGANIZATIONS', ['IOT', 'MONO']),
    cumulativePersons: await indicator('CUP', 'UNIQUE_PERSONS', ['IOT', 'DX', 'MONO'], {
      cumulative: true,
      baseYear: 2021,
    }),
    cumulativeOrganizations: await indicator('CUO', 'UNIQUE_ORGANIZATIONS', ['IOT', 'DX', 'MONO'], {
      cumulative: true,
      baseYear: 2022,
    }),
    online: await indicator('ON', 'PERSON_TIMES', ['MONO', 'DX', 'IOT'], { modeScope: 'ONLINE' }),
    training: await indicator('TR', 'PERSON_TIMES', ['IOT', 'DX', 'MONO'], {
      categoryIds: [await ensureCategory(db, '研修')],
    }),
    sessions: await indicator('SH', 'SESSIONS_HELD', ['IOT', 'DX', 'MONO']),
    registrations: await indicator('RG', 'REGISTRATIONS', ['IOT', 'DX']),
    manual: await indicator('NB', 'MANUAL', ['IOT'], { kind: 'OUTCOME', unit: '件' }),
  }
  for (const [k, id] of Object.entries(indicatorIds)) {
    for (const fy of [2021, 2022, 2023, 2024, 2025, 2026]) await setPlan(db, id, fy, 10 + fy - 2021 + k.length)
  }
  for (const [fy, value] of [
    [2021, 2],
    [2022, 3],
    [2024, 5],
  ] as const) {
    await setManualFigure(db, {
      indicatorId: indicatorIds.manual,
      fiscalYear: fy,
      month: 0,
      value,
      state: 'FINAL',
      note: '',
      userId,
    })
  }

  // FY2021
  await seminar('A21', 'IOT', 'IoT入門セミナー', ['2021-06-10T14:00', '2021-06-17T14:00'])
  await seminar('C21', 'MONO', 'ものづくり基礎研修', ['2022-02-15T10:00'], { category: '研修' })
  for (const who of ['taro', 'hanako', 'ken', 'yui', 'speaker'] as const) await reg('A21', who)
  await setRegistrationRole(db, { registrationId: regs['A21:speaker'].id, role: 'SPEAKER', userId })
  await attend('A21', 'taro', 0)
  await attend('A21', 'taro', 1)
  await attend('A21', 'hanako', 0)
  await attend('A21', 'speaker', 0)
  await walkIn('A21', 'kobayashi', WALK_INS.kobayashi, { organizationName: '株式会社ハーバー', industry: 'K' })
  await walkIn('A21', 'anonymous', WALK_INS.anonymous, { sessionIndex: 1 })
  for (const who of ['jiro', 'sho'] as const) {
    await reg('C21', who)
    await attend('C21', who)
  }
  // A draft without sessions (FY2021 by its creation), with a registration taken by staff.
  const draft = await db.seminar.create({
    data: {
      programId: programs.IOT,
      title: '未定の勉強会',
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'DRAFT',
      mode: 'IN_PERSON',
      venueName: '会議室',
      capacityInPerson: 10,
      registrationOpensAt: jst('2022-01-01T00:00'),
      registrationClosesAt: jst('2022-03-01T00:00'),
      createdAt: jst('2022-01-10T10:00'),
    },
  })
  seminars.DRAFT = { id: draft.id, sessions: [], registerAt: jst('2022-01-15T10:00') }
  const d = await register(
    db,
    { seminarId: draft.id, ...PEOPLE.drafty, mode: 'IN_PERSON', language: 'ja', source: 'CONSOLE' },
    jst('2022-01-15T10:00'),
  )
  regs['DRAFT:drafty'] = d

  // FY2022: a full seminar with a waiting list, an online report with an unmatched attendee.
  await seminar('B22', 'DX', 'DX経営塾', ['2022-09-01T14:00', '2022-09-08T14:00'], {
    category: '研修',
    capacityInPerson: 2,
  })
  await seminar('C22', 'MONO', '品質管理研修', ['2022-11-10T10:00'], { category: '研修' })
  await reg('B22', 'taro')
  await reg('B22', 'hanako')
  const waiting = await reg('B22', 'ken')
  expect(waiting.status).toBe('WAITLISTED')
  await reg('B22', 'mika', 'ONLINE')
  await attend('B22', 'taro', 0)
  await attend('B22', 'taro', 1)
  await attend('B22', 'hanako', 0)
  await zoomImport(
    'B22',
    [
      { name: PEOPLE.mika.name, email: PEOPLE.mika.email, minutes: 45 },
      { name: WALK_INS.guest22.name, email: WALK_INS.guest22.email!, minutes: 80 },
    ],
    [{ label: 'guest22', email: WALK_INS.guest22.email! }],
  )
  for (const who of ['jiro', 'sho', 'ken'] as const) {
    await reg('C22', who)
    await attend('C22', who)
  }

  // FY2023: hybrid, with an attendee below the online minimum.
  await seminar('A23', 'IOT', 'AI活用セミナー', ['2023-10-05T14:00'])
  await reg('A23', 'taro')
  await reg('A23', 'yui')
  await reg('A23', 'aoi')
  await reg('A23', 'mika', 'ONLINE')
  await reg('A23', 'jiro', 'ONLINE')
  for (const who of ['taro', 'yui', 'aoi'] as const) await attend('A23', who)
  await zoomImport(
    'A23',
    [
      { name: PEOPLE.mika.name, email: PEOPLE.mika.email, minutes: 90 },
      { name: PEOPLE.jiro.name, email: PEOPLE.jiro.email, minutes: 10 },
      { name: WALK_INS.guest23.name, email: WALK_INS.guest23.email!, minutes: 60 },
    ],
    [{ label: 'guest23', email: WALK_INS.guest23.email! }],
  )

  // FY2024: a series; Hanako comes as a walk-in (same person by email); a staff member.
  await seminar('A24', 'IOT', '生成AI実践講座', ['2024-07-20T13:00', '2025-03-25T13:00'], { category: '研修' })
  await reg('A24', 'taro')
  await reg('A24', 'aoi')
  await reg('A24', 'sho')
  await attend('A24', 'taro', 0)
  await attend('A24', 'taro', 1)
  await attend('A24', 'aoi', 0)
  await attend('A24', 'sho', 1)
  await walkIn(
    'A24',
    'hanako',
    { name: PEOPLE.hanako.name, email: PEOPLE.hanako.email },
    {
      organizationName: 'ミナト製作所',
      industry: 'E',
    },
  )
  await walkIn('A24', 'staff', WALK_INS.staff)
  await setRegistrationRole(db, { registrationId: regs['A24:staff'].id, role: 'STAFF', userId })

  // FY2025: a short-retention seminar, and a series crossing 31 March (FY2025 and FY2026).
  await seminar('B25', 'DX', 'DX経営塾2025', ['2025-06-05T14:00'], { category: '研修' })
  await reg('B25', 'taro')
  await reg('B25', 'ken')
  await attend('B25', 'taro')
  await attend('B25', 'ken')
  await seminar('C25', 'MONO', 'ロボット導入研修', ['2026-03-20T10:00', '2026-04-10T10:00'], { category: '研修' })
  await reg('C25', 'taro')
  await reg('C25', 'sho')
  await reg('C25', 'mika', 'ONLINE')
  await attend('C25', 'taro', 0)
  await attend('C25', 'taro', 1)
  await attend('C25', 'sho', 1)
  await zoomImport('C25', [{ name: PEOPLE.mika.name, email: PEOPLE.mika.email, minutes: 100 }], [])

  // FY2022 is closed, then corrected: a forgotten attendance, accepted as an adjustment.
  await closeFiscalYear(db, 2022, userId, jst('2023-05-10T10:00'))
  const b22second = seminars.B22.sessions[1].id
  const present = await db.attendance.findMany({ where: { sessionId: b22second }, select: { registrationId: true } })
  await markAttendance(db, {
    sessionId: b22second,
    attendedRegistrationIds: [...present.map((a) => a.registrationId), regs['B22:hanako'].id],
    userId,
  })
  const accepted = await acceptDifferences(
    db,
    { fiscalYear: 2022, reason: '紙の名簿の転記漏れ', userId },
    jst('2023-06-01T10:00'),
  )
  expect(accepted.detail.indicators.find((d) => d.indicatorId === indicatorIds.personTimes)?.delta).toBe(1)

  // Every message goes out (the file transport keeps a copy of each), then a few more are queued
  // or fail: Yui cancels (a notice waits to be sent), Ken's and Jiro's confirmations failed.
  const transport = fileTransport(mailDir)
  await deliverDueMessages(db, transport)
  transport.close()
  await cancelRegistration(db, regs['A21:yui'].id, { by: 'PARTICIPANT' }, jst('2021-06-01T10:00'))
  for (const key of ['B22:ken', 'C22:jiro']) {
    await db.outboxMessage.updateMany({
      where: { registrationId: regs[key].id },
      data: { status: 'FAILED', lastError: `550 5.1.1 <${key}@example.jp>: Recipient address rejected` },
    })
  }
  // Certificates issued (docs/decisions/0051-certificates.md): the row keeps what was printed.
  for (const key of ['A21:kobayashi', 'A24:taro']) {
    const r = await db.registration.findUniqueOrThrow({
      where: { id: regs[key].id },
      select: { name: true, organizationName: true, seminarId: true, seminar: { select: { title: true } } },
    })
    await db.certificate.create({
      data: {
        code: `RETENTION${key.startsWith('A21') ? 'A21' : 'A24'}TEST`.padEnd(16, '0'),
        registrationId: regs[key].id,
        seminarId: r.seminarId,
        kind: 'ATTENDANCE',
        issuedAt: jst('2021-07-01T10:00'),
        holderName: r.name,
        holderOrganization: r.organizationName,
        seminarTitle: r.seminar.title,
        pdf: new TextEncoder().encode(`%PDF- ${r.name} ${r.organizationName ?? ''}`),
      },
    })
  }
}

/** Every figure the product reports, and every record a count is made of (without names). */
async function figures() {
  const indicators = await loadIndicators(db)
  const perIndicator = []
  for (const i of indicators) {
    for (const fy of YEARS) {
      const status = await yearStatus(db, fy)
      const ev = await evidence(db, i.id, fy)
      perIndicator.push({
        code: i.code,
        fy,
        live: await liveActual(db, i, fy, AS_OF),
        reported: await reportedFigure(db, i, fy, status, AS_OF),
        evidence: ev!.sessions.map((s) => ({
          sessionId: s.sessionId,
          personTimes: s.personTimes,
          persons: s.persons,
          organizations: s.organizations,
          records: s.records.map((r) => [r.registration.id, r.registration.organizationName, r.mode, r.source]),
        })),
      })
    }
  }
  const perYear = []
  for (const fy of YEARS) {
    const totals = await participationTotals(db, fy, AS_OF)
    const records = []
    // The attendance-record export without its name column (names are what is removed).
    for await (const row of attendanceRecordRows(db, fy, 'ja', 3)) records.push(row.filter((_, k) => k !== 5))
    perYear.push({
      fy,
      dashboard: await dashboard(db, fy, AS_OF),
      evaluationSheet: await evaluationSheet(db, fy, AS_OF),
      participation: totals,
      participationTables: participationTables(totals, 'ja'),
      evaluationTable: (await evaluationTable(db, fy, 'ja')).rows,
      multiYearTable: (await multiYearTable(db, fy, 'en')).rows,
      attendanceRecords: records.length,
      records,
    })
  }
  return {
    perIndicator,
    perYear,
    multiYear: await multiYearActuals(db, YEARS, AS_OF),
    tallies: await db.indicatorTally.findMany({
      orderBy: [{ indicatorId: 'asc' }, { fiscalYear: 'asc' }, { month: 'asc' }, { memberKey: 'asc' }],
    }),
    monthly: await db.indicatorMonthly.findMany({
      orderBy: [{ indicatorId: 'asc' }, { fiscalYear: 'asc' }, { fiscalMonth: 'asc' }],
    }),
    actuals: await db.indicatorActual.findMany({ orderBy: [{ indicatorId: 'asc' }, { fiscalYear: 'asc' }] }),
    snapshots: await db.indicatorSnapshot.findMany({ orderBy: [{ indicatorId: 'asc' }, { fiscalYear: 'asc' }] }),
    adjustments: await db.indicatorAdjustment.findMany({ orderBy: { id: 'asc' } }),
    attendances: await db.attendance.findMany({ orderBy: { id: 'asc' } }),
    // What counts on each registration: never touched.
    registrations: await db.registration.findMany({
      orderBy: { id: 'asc' },
      select: {
        id: true,
        seminarId: true,
        personId: true,
        organizationId: true,
        organizationName: true,
        corporateNumber: true,
        industry: true,
        inCity: true,
        role: true,
        status: true,
        mode: true,
        source: true,
        waitlistPosition: true,
        overCapacity: true,
        // Not `code`: the slip's code is a check-in secret and is cleared on anonymization.
        createdAt: true,
        cancelledAt: true,
        consentedAt: true,
        privacyVersion: true,
      },
    }),
    persons: (await db.person.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id),
    organizations: await db.organization.findMany({ orderBy: { id: 'asc' } }),
  }
}

/** Every text the database and the mail directory hold, to look for a person's data in. */
async function everything(): Promise<string> {
  const tables = await Promise.all([
    db.registration.findMany(),
    db.person.findMany(),
    db.auditEvent.findMany(),
    db.attendanceImport.findMany(),
    db.outboxMessage.findMany(),
    db.attendance.findMany(),
    db.certificate.findMany({ omit: { pdf: true } }),
  ])
  const files = fs
    .readdirSync(mailDir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'utf8'))
  return [JSON.stringify(tables), ...files].join('\n').normalize('NFKC').toLowerCase()
}

/** The mail copies of a registration's sent messages (relative to the mail directory). */
async function mailCopies(registrationKey: string) {
  const rows = await db.outboxMessage.findMany({
    where: { registrationId: regs[registrationKey].id, emlFile: { not: null } },
    select: { emlFile: true },
  })
  return rows.map((r) => r.emlFile!)
}

const registration = (key: string) => db.registration.findUniqueOrThrow({ where: { id: regs[key].id } })
const person = async (key: string) => db.person.findUniqueOrThrow({ where: { id: (await registration(key)).personId } })

function expectAnonymized(r: Awaited<ReturnType<typeof registration>>) {
  expect(r.name).toBe(ANONYMIZED_NAME)
  expect(r.furigana).toBe('')
  expect(r.email).toBe('')
  expect(r.emailNormalized).toBe(`deleted:${r.id}`)
  expect(r.activeEmailKey).toBeNull()
  expect(r.submissionKey).toBeNull()
  expect(r.anonymizedAt).not.toBeNull()
}

/** The history and what it holds before anything is anonymized (the figures every stage must keep). */
let initial: Awaited<ReturnType<typeof figures>>
const tokens: Record<string, string> = {}
const imported: Record<string, string> = {}
const copies: Record<string, string[]> = {}

/** A stage of the history: its database and its mail copies. */
type Stage = { snapshot: DbSnapshot; mailDir: string }
const stages = {} as Record<'history' | 'afterLastOfFy2026' | 'afterFirstOfFy2027', Stage>
let fixture: TestDb | undefined

async function keepStage(source: TestDb): Promise<Stage> {
  const kept = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-retention-stage-'))
  fs.cpSync(mailDir, kept, { recursive: true })
  return { snapshot: await snapshotDatabase(source), mailDir: kept }
}

/** Makes this test's database and mail directory a fresh copy of `stage`. */
async function startFrom(stage: Stage) {
  fixture = await stage.snapshot.restore()
  db = fixture.db
  // The routes use the app's client.
  ;(globalThis as unknown as { jissekiDb?: Db }).jissekiDb = db
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-retention-mail-'))
  fs.cpSync(stage.mailDir, mailDir, { recursive: true })
}

beforeAll(async () => {
  const source = await createTestDb()
  db = source.db
  ;(globalThis as unknown as { jissekiDb?: Db }).jissekiDb = db
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-retention-mail-'))
  userId = (
    await createConsoleUser(db, {
      email: 'privacy@city.example.jp',
      name: '個人情報 担当',
      password: 'privacy officer pw',
    })
  ).id
  await buildHistory()
  initial = await figures()
  for (const key of Object.keys(regs)) tokens[key] = regs[key].manageToken
  for (const [key, id] of Object.entries(imports)) {
    imported[key] = (await db.attendanceImport.findUniqueOrThrow({ where: { id } })).parsed
  }
  for (const key of ['A21:taro', 'A21:hanako', 'B22:ken', 'A24:taro', 'C22:jiro']) copies[key] = await mailCopies(key)
  stages.history = await keepStage(source)
  // The stages after each retention run; the tests of those runs check what they did.
  await anonymizeExpired(source.db, LAST_OF_FY2026, { mailDir })
  stages.afterLastOfFy2026 = await keepStage(source)
  await anonymizeExpired(source.db, FIRST_OF_FY2027, { mailDir })
  stages.afterFirstOfFy2027 = await keepStage(source)
  await source.drop()
  fs.rmSync(mailDir, { recursive: true, force: true })
}, 120_000)
afterEach(async () => {
  await fixture?.drop()
  fixture = undefined
  fs.rmSync(mailDir, { recursive: true, force: true })
})
afterAll(async () => {
  for (const stage of Object.values(stages)) {
    await stage.snapshot.remove()
    fs.rmSync(stage.mailDir, { recursive: true, force: true })
  }
})

describe('the retention period', () => {
  it('ends on 1 April 00:00 Japan time after the seminar fiscal year plus the retention years', () => {
    const fy2023 = jst('2023-10-05T14:00')
    expect(retentionCutoff(fy2023, 3)).toEqual(FIRST_OF_FY2027)
    // January 2024 is still FY2023.
    expect(retentionCutoff(jst('2024-03-31T23:59'), 3)).toEqual(FIRST_OF_FY2027)
    expect(retentionCutoff(jst('2024-04-01T00:00'), 3)).toEqual(jst('2028-04-01T00:00'))
    expect(isPastRetention(fy2023, 3, LAST_OF_FY2026)).toBe(false)
    expect(isPastRetention(fy2023, 3, FIRST_OF_FY2027)).toBe(true)
    expect(isPastRetention(fy2023, 1, jst('2025-03-31T23:59:59'))).toBe(false)
    expect(isPastRetention(fy2023, 1, jst('2025-04-01T00:00'))).toBe(true)
    // In UTC the boundary is 31 March 15:00.
    expect(FIRST_OF_FY2027.toISOString()).toBe('2027-03-31T15:00:00.000Z')
  })

  it('counts from the first session, or the creation of a seminar without sessions', () => {
    const createdAt = jst('2022-01-10T10:00')
    expect(seminarStart({ createdAt, sessions: [] })).toEqual(createdAt)
    expect(
      seminarStart({
        createdAt,
        sessions: [{ startsAt: jst('2024-04-10T10:00') }, { startsAt: jst('2024-03-20T10:00') }],
      }),
    ).toEqual(jst('2024-03-20T10:00'))
  })
})

describe('anonymizing past retention and on request', () => {
  it('starts from a history with personal data everywhere', async () => {
    await startFrom(stages.history)
    expect(await figures()).toEqual(initial)
    // The figures are not trivial: something counted in every rule.
    const fy = (code: string, year: number) => initial.perIndicator.find((x) => x.code === code && x.fy === year)!
    expect(fy('PT', 2021).live.value).toBe(5)
    expect(fy('UP', 2021).live.value).toBe(4)
    // Minato (by number and by name), Harbor.
    expect(fy('UO', 2021).live.value).toBe(2)
    expect(fy('CUP', 2022).live.value).toBeGreaterThan(fy('CUP', 2021).live.value!)
    expect(fy('PT', 2022).reported.actual).toBe(fy('PT', 2022).live.value)
    expect(initial.perYear.find((y) => y.fy === 2022)!.attendanceRecords).toBeGreaterThan(0)
    expect(copies['A21:taro'].length).toBeGreaterThan(0)
    expect(copies['A21:taro'].every((f) => fs.existsSync(path.join(mailDir, f)))).toBe(true)
    expect(await getOwnRegistration(db, tokens['A21:taro'])).not.toBeNull()
    const everyText = await everything()
    expect(everyText).toContain(PEOPLE.yui.email)
    expect(everyText).toContain(WALK_INS.anonymous.name)
  })

  it('keeps everything on 31 March 23:59 that is not yet past, and the numbers stay the same', async () => {
    await startFrom(stages.history)
    const result = await anonymizeExpired(db, LAST_OF_FY2026, { mailDir })
    // A21 (FY2021, 3 years), the draft (FY2021 by creation), B22 (FY2022, 1 year).
    const expired = Object.keys(regs).filter((k) => /^(A21|DRAFT|B22):/.test(k))
    expect(result.registrations).toBe(expired.length)
    expect(result.imports).toBe(1) // B22's report
    for (const key of Object.keys(regs)) {
      const r = await registration(key)
      if (expired.includes(key)) expectAnonymized(r)
      else expect(r.anonymizedAt, key).toBeNull()
    }
    // FY2023 with 3 years, FY2021 with 5, FY2025 with 1: kept through FY2026.
    expect((await registration('A23:yui')).name).toBe(PEOPLE.yui.name)
    expect((await registration('C21:jiro')).email).toBe(PEOPLE.jiro.email)
    expect((await registration('B25:ken')).email).toBe(PEOPLE.ken.email)
    expect(await figures()).toEqual(initial)
  })

  it('anonymizes from 1 April 00:00 what is past, and every figure is exactly what it was', async () => {
    await startFrom(stages.afterLastOfFy2026)
    const result = await anonymizeExpired(db, FIRST_OF_FY2027, { mailDir })
    const expired = Object.keys(regs).filter((k) => /^(A21|DRAFT|B22|A23|C21|B25):/.test(k))
    const now = Object.keys(regs).filter((k) => /^(A23|C21|B25):/.test(k))
    expect(result.registrations).toBe(now.length)
    expect(result.imports).toBe(1) // A23's report
    for (const key of Object.keys(regs)) {
      const r = await registration(key)
      if (expired.includes(key)) expectAnonymized(r)
      else expect(r.anonymizedAt, key).toBeNull()
    }
    expect(await figures()).toEqual(initial)
  })

  it('removes the personal data from persons, audit details, reports, messages and mail copies', async () => {
    await startFrom(stages.afterFirstOfFy2027)
    // Persons with nothing left are anonymized (the row and its id stay); others keep their data.
    for (const key of ['A21:yui', 'DRAFT:drafty', 'A21:speaker', 'A21:kobayashi', 'A21:anonymous', 'B22:guest22']) {
      const p = await person(key)
      expect(p.name, key).toBe(ANONYMIZED_NAME)
      expect(p.furigana).toBe('')
      expect(p.emailNormalized).toBe(`deleted:${p.id}`)
      expect(p.anonymizedAt).not.toBeNull()
    }
    for (const [key, who] of [
      ['A21:taro', 'taro'],
      ['A21:hanako', 'hanako'],
      ['B22:ken', 'ken'],
      ['B22:mika', 'mika'],
      ['C21:jiro', 'jiro'],
      ['A23:aoi', 'aoi'],
    ] as const) {
      const p = await person(key)
      expect(p.emailNormalized, key).toBe(PEOPLE[who].email)
      expect(p.anonymizedAt).toBeNull()
    }
    // Nothing names them any more, anywhere.
    const everyText = await everything()
    for (const text of [
      PEOPLE.yui.email,
      PEOPLE.yui.name,
      PEOPLE.drafty.email,
      PEOPLE.drafty.name,
      PEOPLE.speaker.email,
      PEOPLE.speaker.name,
      WALK_INS.kobayashi.email,
      WALK_INS.kobayashi.name,
      WALK_INS.anonymous.name,
      WALK_INS.guest22.email,
      WALK_INS.guest22.name,
      WALK_INS.guest23.email,
      WALK_INS.guest23.name,
      'b22:ken', // in the error text of a failed message
    ]) {
      expect(everyText, text).not.toContain(text.normalize('NFKC').toLowerCase())
    }
    // A certificate keeps its code, kind and seminar, not the name, organization or PDF; a kept one keeps all.
    const certificate = async (key: string) =>
      db.certificate.findFirstOrThrow({ where: { registrationId: regs[key].id } })
    expect(await certificate('A21:kobayashi')).toMatchObject({
      kind: 'ATTENDANCE',
      holderName: '',
      holderOrganization: null,
      pdf: null,
    })
    expect((await certificate('A21:kobayashi')).seminarTitle).not.toBe('')
    expect(await certificate('A24:taro')).toMatchObject({ holderName: PEOPLE.taro.name })
    expect((await certificate('A24:taro')).pdf).not.toBeNull()
    // Walk-in audit details lose the name, the event stays; a kept walk-in's detail keeps it.
    const walkInEvent = async (key: string) =>
      db.auditEvent.findFirstOrThrow({
        where: { action: 'attendance.walk-in', entityId: { endsWith: `:${regs[key].id}` } },
      })
    expect(JSON.parse((await walkInEvent('A21:kobayashi')).detail)).toEqual({
      mode: 'IN_PERSON',
      source: 'WALK_IN',
      overCapacity: false,
    })
    expect(JSON.parse((await walkInEvent('A24:hanako')).detail).name).toBe(PEOPLE.hanako.name)
    // Reports of expired sessions are emptied; C25's is as it was.
    for (const key of ['B22', 'A23']) {
      expect((await db.attendanceImport.findUniqueOrThrow({ where: { id: imports[key] } })).parsed).toBe(
        ANONYMIZED_IMPORT,
      )
    }
    expect((await db.attendanceImport.findUniqueOrThrow({ where: { id: imports.C25 } })).parsed).toBe(imported.C25)
    // Mail: copies of expired registrations are gone, kept ones are there.
    for (const key of ['A21:taro', 'A21:hanako', 'B22:ken']) {
      for (const f of copies[key]) expect(fs.existsSync(path.join(mailDir, f)), f).toBe(false)
      expect(await mailCopies(key)).toEqual([])
    }
    for (const key of ['A24:taro', 'C22:jiro']) {
      expect(copies[key].length, key).toBeGreaterThan(0)
      for (const f of copies[key]) expect(fs.existsSync(path.join(mailDir, f)), f).toBe(true)
    }
    // Unsent and failed messages of expired registrations are withdrawn; sent ones stay as a record.
    expect(await db.outboxMessage.count({ where: { registrationId: regs['A21:yui'].id, status: 'PENDING' } })).toBe(0)
    expect(await db.outboxMessage.count({ where: { registrationId: regs['B22:ken'].id, status: 'FAILED' } })).toBe(0)
    expect(await db.outboxMessage.count({ where: { registrationId: regs['A21:taro'].id, status: 'SENT' } })).toBe(1)
    expect(await db.outboxMessage.count({ where: { registrationId: regs['C22:jiro'].id, status: 'FAILED' } })).toBe(1)
    // The job's audit events say why and how many, nothing more.
    const events = await db.auditEvent.findMany({ where: { action: 'registration.anonymize' }, orderBy: { at: 'asc' } })
    expect(events.map((e) => JSON.parse(e.detail))).toEqual([
      { reason: 'RETENTION', count: 13 },
      { reason: 'RETENTION', count: 10 },
    ])
  })

  it('makes old manage links stop working, and leaves kept ones working', async () => {
    await startFrom(stages.afterFirstOfFy2027)
    for (const key of ['A21:taro', 'B22:mika', 'A23:yui', 'DRAFT:drafty']) {
      expect(await getOwnRegistration(db, tokens[key]), key).toBeNull()
      expect((await registration(key)).manageToken).not.toBe(tokens[key])
    }
    expect((await getOwnRegistration(db, tokens['A24:taro']))?.name).toBe(PEOPLE.taro.name)
  })

  it('changes nothing when run again', async () => {
    await startFrom(stages.afterFirstOfFy2027)
    const before = {
      registrations: await db.registration.findMany({ orderBy: { id: 'asc' } }),
      persons: await db.person.findMany({ orderBy: { id: 'asc' } }),
      audit: await db.auditEvent.count(),
      imports: await db.attendanceImport.findMany({ orderBy: { id: 'asc' } }),
    }
    expect(await anonymizeExpired(db, FIRST_OF_FY2027, { mailDir })).toEqual({
      registrations: 0,
      persons: 0,
      imports: 0,
    })
    expect(await anonymizeExpired(db, jst('2027-06-01T00:00'), { mailDir })).toEqual({
      registrations: 0,
      persons: 0,
      imports: 0,
    })
    expect({
      registrations: await db.registration.findMany({ orderBy: { id: 'asc' } }),
      persons: await db.person.findMany({ orderBy: { id: 'asc' } }),
      audit: await db.auditEvent.count(),
      imports: await db.attendanceImport.findMany({ orderBy: { id: 'asc' } }),
    }).toEqual(before)
    expect(await figures()).toEqual(initial)
  })

  it('carries out a deletion request for every registration of the person, and the numbers stay', async () => {
    await startFrom(stages.afterFirstOfFy2027)
    // Taro is a repeat participant; A24 and C25 still hold his data (the others are past retention).
    const count = await deletePersonalData(db, { registrationId: regs['C25:taro'].id, userId, mailDir })
    expect(count).toBe(2)
    for (const key of Object.keys(regs).filter((k) => k.endsWith(':taro'))) expectAnonymized(await registration(key))
    const p = await person('A24:taro')
    expect(p.name).toBe(ANONYMIZED_NAME)
    expect(p.emailNormalized).toBe(`deleted:${p.id}`)
    expect(await getOwnRegistration(db, tokens['A24:taro'])).toBeNull()
    const everyText = await everything()
    expect(everyText).not.toContain(PEOPLE.taro.email)
    expect(everyText).not.toContain(PEOPLE.taro.name.normalize('NFKC').toLowerCase())
    for (const f of copies['A24:taro']) expect(fs.existsSync(path.join(mailDir, f))).toBe(false)
    // Others keep theirs: Sho was at the same seminars.
    expect((await registration('C25:sho')).email).toBe(PEOPLE.sho.email)
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'registration.anonymize', entityType: 'Person' },
    })
    expect({ actorId: event.actorId, entityId: event.entityId, detail: JSON.parse(event.detail) }).toEqual({
      actorId: userId,
      entityId: p.id,
      detail: { reason: 'REQUEST', count: 2 },
    })
    expect(await figures()).toEqual(initial)
  })

  it('removes a requesting person’s rows from a report that is kept', async () => {
    await startFrom(stages.afterFirstOfFy2027)
    const count = await deletePersonalData(db, { registrationId: regs['C25:mika'].id, userId, mailDir })
    expect(count).toBe(1)
    const report = JSON.parse((await db.attendanceImport.findUniqueOrThrow({ where: { id: imports.C25 } })).parsed) as {
      rows: unknown[]
    }
    expect(report.rows).toEqual([])
    expect(await everything()).not.toContain(PEOPLE.mika.email)
    // Asking again finds nothing more to delete, and is still recorded.
    expect(await deletePersonalData(db, { registrationId: regs['C25:mika'].id, userId, mailDir })).toBe(0)
    expect(await figures()).toEqual(initial)
  })
})

describe('the deletion request page', () => {
  // The page as it is after both retention runs (A21, B22 and B25 are past retention).
  beforeEach(() => startFrom(stages.afterFirstOfFy2027))

  const call = async (
    fn: typeof deleteLoader | typeof deleteAction,
    role: 'ORGANIZER' | 'CHECKIN',
    key: string,
    method = 'GET',
  ) => {
    const staff = await createConsoleUser(db, {
      email: `${role.toLowerCase()}-${++seq}@city.example.jp`,
      name: `${role} 職員`,
      password: 'a long staff password',
      role,
    })
    const [seminarKey] = key.split(':')
    // Organizers act on the programs assigned to them.
    if (role === 'ORGANIZER')
      await db.programAssignment.createMany({
        data: Object.values(programs).map((programId) => ({ userId: staff.id, programId })),
      })
    const url = `http://localhost/console/seminars/${seminars[seminarKey].id}/registrations/${regs[key].id}/delete`
    return fn({
      request: new Request(url, {
        method,
        headers: { Cookie: `jisseki_session=${await startSignIn(db, staff.id, 1)}` },
      }),
      params: { id: seminars[seminarKey].id, rid: regs[key].id },
      context: {},
    }).catch((e: unknown) => e)
  }

  it('is refused to check-in helpers', async () => {
    const thrown = await call(deleteLoader, 'CHECKIN', 'C22:ken')
    expect((thrown as Response).status).toBe(403)
    expect(((await call(deleteAction, 'CHECKIN', 'C22:ken', 'POST')) as Response).status).toBe(403)
    expect((await registration('C22:ken')).anonymizedAt).toBeNull()
  })

  it('shows who and which registrations, then deletes and says how many', async () => {
    const shown = (await call(deleteLoader, 'ORGANIZER', 'C22:ken')) as Awaited<ReturnType<typeof deleteLoader>>
    expect(shown.registration.name).toBe(PEOPLE.ken.name)
    // A21, B22 and B25 are past retention already: C22 is left.
    expect(shown.registrations.map((r) => r.id)).toEqual([regs['C22:ken'].id])
    const done = (await call(deleteAction, 'ORGANIZER', 'C22:ken', 'POST')) as Response
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`/console/seminars/${seminars.C22.id}?msg=privacy.deleted&count=1`)
    expectAnonymized(await registration('C22:ken'))
    const again = (await call(deleteLoader, 'ORGANIZER', 'C22:ken')) as Awaited<ReturnType<typeof deleteLoader>>
    expect(again.registrations).toEqual([])
  })

  it('is not found for a registration of another seminar', async () => {
    const staff = await createConsoleUser(db, {
      email: `organizer-${++seq}@city.example.jp`,
      name: '主催 職員',
      password: 'a long staff password',
      role: 'ORGANIZER',
    })
    await db.programAssignment.createMany({
      data: Object.values(programs).map((programId) => ({ userId: staff.id, programId })),
    })
    const thrown = await deleteLoader({
      request: new Request('http://localhost/', {
        headers: { Cookie: `jisseki_session=${await startSignIn(db, staff.id, 1)}` },
      }),
      params: { id: seminars.A24.id, rid: regs['C25:sho'].id },
      context: {},
    }).catch((e: unknown) => e)
    expect((thrown as Response).status).toBe(404)
  })
})
