import crypto from 'node:crypto'
import ICAL from 'ical.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { databaseForRoutes } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { loader as feedLoader } from '~/routes/calendar[.]ics'
import { loader as programFeedLoader } from '~/routes/programs.$code.calendar[.]ics'
import { loader as personalLoader } from '~/routes/r.$token.calendar[.]ics'
import { loader as seminarLoader } from '~/routes/seminars.$id.calendar[.]ics'
import { ensureCategory } from '~/modules/categories/categories.server'

const database = databaseForRoutes()
const DAY = 24 * 3600_000
let db: Db
let seminarId: string
let draftId: string
let token: string

beforeAll(async () => {
  db = database.db
  const program = await db.program.create({ data: { code: 'ROUTE-CAL', name: 'ルート事業' } })
  // A week ahead of the real clock: the feeds list sessions from a year ago onwards.
  const startsAt = new Date(Date.now() + 7 * DAY)
  const base = {
    programId: program.id,
    categoryId: await ensureCategory(db, 'セミナー'),
    mode: 'ONLINE' as const,
    onlineUrl: 'https://meet.example.jp/j/route',
    registrationOpensAt: new Date(Date.now() - DAY),
    registrationClosesAt: new Date(Date.now() + 6 * DAY),
    sessions: { create: { number: 1, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000) } },
  }
  const seminar = await db.seminar.create({ data: { ...base, title: 'ルート確認セミナー', status: 'PUBLISHED' } })
  const draft = await db.seminar.create({ data: { ...base, title: '下書きセミナー', status: 'DRAFT' } })
  seminarId = seminar.id
  draftId = draft.id
  const person = await db.person.create({ data: { emailNormalized: 'route-cal@example.jp', name: '経路 花子' } })
  token = crypto.randomBytes(32).toString('base64url')
  await db.registration.create({
    data: {
      seminarId,
      personId: person.id,
      name: '経路 花子',
      furigana: 'けいろ はなこ',
      email: 'route-cal@example.jp',
      emailNormalized: 'route-cal@example.jp',
      inCity: true,
      mode: 'ONLINE',
      status: 'CONFIRMED',
      manageToken: token,
      code: 'ROUTECAL',
    },
  })
})

const args = (path: string, params: Record<string, string>) => ({
  request: new Request(`http://localhost${path}`),
  params,
  context: {},
})

async function notFound(promise: Promise<Response>) {
  const thrown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(thrown).toBeInstanceOf(Response)
  expect((thrown as Response).status).toBe(404)
}

function summaries(ics: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return calendar.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')))
}

describe('calendar routes', () => {
  it('serve the personal calendar by manage token, never cached, and 404 for a wrong token', async () => {
    const res = await personalLoader(args(`/r/${token}/calendar.ics`, { token }))
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename=".+\.ics"$/)
    const ics = await res.text()
    expect(ics.replace(/\r\n[ \t]/g, '')).toContain('https://meet.example.jp/j/route')
    expect(summaries(ics)).toEqual(['ルート確認セミナー'])

    await notFound(personalLoader(args('/r/nope/calendar.ics', { token: 'nope' })))
    const unknown = crypto.randomBytes(32).toString('base64url')
    await notFound(personalLoader(args(`/r/${unknown}/calendar.ics`, { token: unknown })))
  })

  it('serve a public seminar, and 404 for a draft', async () => {
    const res = await seminarLoader(args(`/seminars/${seminarId}/calendar.ics`, { id: seminarId }))
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    const ics = await res.text()
    expect(summaries(ics)).toEqual(['ルート確認セミナー'])
    expect(ics.replace(/\r\n[ \t]/g, '')).not.toContain('https://meet.example.jp/j/route')
    await notFound(seminarLoader(args(`/seminars/${draftId}/calendar.ics`, { id: draftId })))
  })

  it('serve the feeds of all seminars and of one program, and 404 for an unknown program', async () => {
    const all = await feedLoader(args('/calendar.ics', {}))
    expect(all.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    const allIcs = await all.text()
    expect(summaries(allIcs)).toContain('ルート確認セミナー')
    expect(summaries(allIcs)).not.toContain('下書きセミナー')

    const program = await programFeedLoader(args('/programs/ROUTE-CAL/calendar.ics', { code: 'ROUTE-CAL' }))
    expect(summaries(await program.text())).toEqual(['ルート確認セミナー'])
    await notFound(programFeedLoader(args('/programs/NOPE/calendar.ics', { code: 'NOPE' })))
  })
})
