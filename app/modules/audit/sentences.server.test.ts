import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { databaseForRoutes, signedInAs } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { consoleEn } from '~/i18n/en/console'
import { consoleJa } from '~/i18n/ja/console'
import { translator } from '~/utils/i18n.server'
import { loader as auditCsv } from '~/routes/console.audit[.]csv'
import { loader as auditPageLoader } from '~/routes/console.audit._index'
import { markAttendance } from '../attendance/checkin.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { listAuditEvents } from './audit.server'
import { AUDIT_ACTIONS, auditActionChoices, describeAuditEvents, sentencesOf } from './sentences.server'

/*
 * Every action the code writes has a sentence and a name in both languages: the actions are read
 * from the audit write calls themselves (db.auditEvent.create, and the helpers that wrap it), so a
 * new action without a sentence fails here.
 */

/** The helpers that write audit events, and which argument carries the action (`export.` + kind for exports). */
const WRAPPERS: Record<string, { arg: number; prefix?: string; property?: string }> = {
  recordUserAudit: { arg: 2 },
  auditOp: { arg: 2 },
  sessionAudit: { arg: 2 },
  questionAudit: { arg: 2 },
  webhookAudit: { arg: 2 },
  recordExport: { arg: 2, prefix: 'export.' },
  logCsvFile: { arg: 1, prefix: 'export.', property: 'kind' },
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file)
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : []
    })
    .sort()
}

/** The string values an expression can take, or null when it is not made of literals. */
function literals(node: ts.Expression): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text]
  if (ts.isParenthesizedExpression(node)) return literals(node.expression)
  if (ts.isConditionalExpression(node)) {
    const a = literals(node.whenTrue)
    const b = literals(node.whenFalse)
    return a && b ? [...a, ...b] : null
  }
  return null
}

/** A property of an object literal: its value (for `{ action }`, the name itself). */
function property(object: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name
  }
  return undefined
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent)
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text
  return undefined
}

/** Every action written by the code under app/, and the writes the test cannot read. */
function writtenActions() {
  const actions = new Set<string>()
  const unreadable: string[] = []
  for (const file of sourceFiles('app')) {
    const text = fs.readFileSync(file, 'utf8')
    if (!/auditEvent\.create|recordUserAudit|auditOp|sessionAudit|recordExport|logCsvFile/.test(text)) continue
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression.getText(source)
        const wrapper = WRAPPERS[callee]
        let action: ts.Expression | undefined
        let prefix = ''
        if (/\.auditEvent\.create(Many)?$/.test(callee)) {
          action = property(property(node.arguments[0], 'data'), 'action')
          if (!action) unreadable.push(`${file}: ${callee} without data.action`)
        } else if (wrapper && node.arguments.length > wrapper.arg) {
          const arg = node.arguments[wrapper.arg]
          action = wrapper.property ? property(arg, wrapper.property) : arg
          prefix = wrapper.prefix ?? ''
        }
        if (action) {
          const values = literals(action)
          // Inside a wrapper, the action is its parameter: the wrapper's callers are read instead.
          const inside = enclosingFunctionName(node)
          if (values) for (const v of values) actions.add(prefix + v)
          else if (!(inside && inside in WRAPPERS)) unreadable.push(`${file}: ${action.getText(source)}`)
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { actions: [...actions].sort(), unreadable }
}

describe('the actions of the audit trail', () => {
  it('are all the code writes, each with a name and a sentence in Japanese and English', () => {
    const { actions, unreadable } = writtenActions()
    expect(unreadable).toEqual([])
    expect(actions.length).toBeGreaterThan(40)
    expect(actions).toEqual([...AUDIT_ACTIONS].sort())
    for (const dictionary of [consoleJa, consoleEn] as Record<string, unknown>[])
      for (const action of AUDIT_ACTIONS) {
        expect(dictionary[`audit.action.${action}`], action).toBeTruthy()
        expect(dictionary[`audit.sentence.${action}`], action).toBeTruthy()
      }
  })

  it('read as sentences even when the details or the targets are gone: no placeholder, code or JSON left', () => {
    const none = {
      registrations: new Map(),
      sessions: new Map(),
      seminars: new Map(),
      groups: new Map(),
      users: new Map(),
      programs: new Map(),
      indicators: new Map(),
    }
    for (const lang of ['ja', 'en'] as const)
      for (const action of AUDIT_ACTIONS)
        for (const detail of ['{}', 'not json', '{"changed":["name"],"statuses":["CONFIRMED"],"format":"csv"}']) {
          const [sentence] = sentencesOf(
            lang,
            [{ action, entityType: 'Registration', entityId: 'r1', detail, actor: { name: '山田 花子' } }],
            none,
          )
          expect(sentence, `${lang} ${action}`).not.toMatch(/[{}]|":|undefined|null|NaN|audit\.|\b[A-Z]{3,}_[A-Z]+\b/)
          expect(sentence).not.toContain(action)
        }
  })

  it('are offered by the filter by their names, in the order of the list', () => {
    const t = translator('ja')
    expect(auditActionChoices(t, ['registration.cancel', 'attendance.mark', 'something.old'])).toEqual([
      { value: 'attendance.mark', label: '出席の記録' },
      { value: 'registration.cancel', label: '申込みの取消（主催者）' },
      { value: 'something.old', label: 'something.old' },
    ])
    expect(auditActionChoices(translator('en'), ['attendance.mark'])).toEqual([
      { value: 'attendance.mark', label: 'Attendance recorded' },
    ])
  })
})

const database = databaseForRoutes()
let db: Db
let admin: { id: string; cookie: string }
const get = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { cookie } }) as Request

beforeAll(async () => {
  db = database.db
  admin = await signedInAs(db, 'sentences-admin@city.example.jp', 'ADMIN')
  await db.consoleUser.update({ where: { id: admin.id }, data: { name: '山田 花子' } })
})

describe('the audit trail in the staff language', () => {
  it('names the person, the seminar and the session, in Japanese and in English', async () => {
    const seminar = await createSeminar(db, { title: '創業支援セミナー', titleEn: 'Start-up seminar' })
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(session.startsAt.getTime() + 7 * 86_400_000),
        endsAt: new Date(session.endsAt.getTime() + 7 * 86_400_000),
      },
    })
    const second = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id, number: 2 } })
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '佐藤 一郎' }) })
    await markAttendance(db, { sessionId: second.id, attendedRegistrationIds: [r.id], userId: admin.id })
    await cancelRegistration(db, r.id, { by: 'ORGANIZER', userId: admin.id })
    const events = (await listAuditEvents(db, { actorId: admin.id })).reverse()
    expect(events.map((e) => e.action)).toEqual(['attendance.mark', 'registration.cancel'])
    expect(await describeAuditEvents(db, events, 'ja')).toEqual([
      '山田 花子 が 佐藤 一郎 の出席を記録しました（創業支援セミナー 第2回）',
      '山田 花子 が 佐藤 一郎 の申込みを取り消しました（創業支援セミナー、取消前: 参加確定）',
    ])
    expect(await describeAuditEvents(db, events, 'en')).toEqual([
      '山田 花子 recorded the attendance of 佐藤 一郎 (Start-up seminar, session 2)',
      '山田 花子 cancelled the registration of 佐藤 一郎 (Start-up seminar; was: Confirmed)',
    ])
  })

  it('shows sentences on the page with the raw record kept, and adds them to the CSV beside the codes', async () => {
    const seminar = await createSeminar(db, { title: '輸出入門講座' })
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '鈴木 次郎' }) })
    await cancelRegistration(db, r.id, { by: 'ORGANIZER', userId: admin.id })
    const page = (await auditPageLoader({
      request: get('/console/audit?action=registration.cancel', admin.cookie),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof auditPageLoader>>
    const event = page.events.find((e) => e.entityId === r.id)!
    expect(event.sentence).toBe('山田 花子 が 鈴木 次郎 の申込みを取り消しました（輸出入門講座、取消前: 参加確定）')
    expect(event).toMatchObject({ action: 'registration.cancel', entityType: 'Registration' })
    expect(JSON.parse(event.detail)).toMatchObject({ previousStatus: 'CONFIRMED' })
    expect(page.actions).toContainEqual({ value: 'registration.cancel', label: '申込みの取消（主催者）' })
    expect(page.actions.every((a) => a.label !== a.value)).toBe(true)

    const res = (await auditCsv({
      request: new Request('http://localhost/console/audit.csv?action=registration.cancel', {
        headers: { cookie: `${admin.cookie}; lang=en` },
      }),
      params: {},
      context: {},
    })) as Response
    const lines = Buffer.from(await res.arrayBuffer())
      .toString('utf8')
      .split(/\r?\n/)
    expect(lines[0]).toMatch(/,Action,Entity type,Entity id,Detail,Description$/)
    const row = lines.find((l) => l.includes(r.id))!
    expect(row).toContain(',registration.cancel,Registration,')
    expect(row).toContain('鈴木 次郎 (輸出入門講座; was: Confirmed)')
  })

  it('does not name a participant whose personal data was removed', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '高橋 三郎' }) })
    await cancelRegistration(db, r.id, { by: 'ORGANIZER', userId: admin.id })
    await db.registration.update({ where: { id: r.id }, data: { name: '（削除済み）', anonymizedAt: new Date() } })
    const events = await listAuditEvents(db, { action: 'registration.cancel' })
    const [sentence] = await describeAuditEvents(
      db,
      events.filter((e) => e.entityId === r.id),
      'ja',
    )
    expect(sentence).toBe(
      '山田 花子 が （削除済みの参加者） の申込みを取り消しました（AI活用セミナー、取消前: 参加確定）',
    )
  })
})
