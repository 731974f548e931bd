import type { Db } from '~/utils/db.server'
import { markAttendance } from '../attendance/checkin.server'
import { fiscalYearOf } from '~/utils/time'
import { saveIndicator, setManualFigure, setPlan } from '../indicators/indicators.server'
import { seedDemoSurveys } from './survey-seed.server'

/**
 * The demo's past: attendance of the sessions that have taken place (most people came, some did
 * not), and indicators like those of the evaluation sheets the exports reproduce
 * (docs/domain.md#the-reports-the-figures-go-into), with plans, so the dashboard has something to show from the
 * first start.
 */
export async function seedDemoActivity(db: Db, now: Date) {
  const past = await db.session.findMany({
    where: { startsAt: { lt: now }, seminar: { status: 'PUBLISHED' } },
    orderBy: { startsAt: 'asc' },
    select: { id: true, seminarId: true },
  })
  for (const session of past) {
    const confirmed = await db.registration.findMany({
      where: { seminarId: session.seminarId, status: 'CONFIRMED' },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    })
    // Every fifth person did not come.
    const came = confirmed.filter((_, i) => i % 5 !== 4).map((r) => r.id)
    await markAttendance(db, { sessionId: session.id, attendedRegistrationIds: came, userId: null }, now)
  }
  await seedDemoSurveys(db, now)

  const programs = new Map((await db.program.findMany({ select: { id: true, code: true } })).map((p) => [p.code, p.id]))
  const all = [...programs.values()]
  const fy = fiscalYearOf(now)
  const base = {
    nameEn: null,
    kind: 'ACTIVITY' as const,
    categoryIds: [] as string[],
    seminarIds: [] as string[],
    modeScope: 'ALL' as const,
    cumulative: false,
    baseYear: null,
    baseline: null,
    note: '',
  }
  const specs = [
    {
      ...base,
      code: 'HR-01',
      name: '先端技術に関する人材育成プログラムの参加人数',
      nameEn: 'Participants in advanced-technology talent programs',
      unit: '人',
      rule: 'UNIQUE_PERSONS' as const,
      programIds: [programs.get('IOT')!, programs.get('AIHR')!],
      baseline: 120,
      plans: [150, 180, 200],
    },
    {
      ...base,
      code: 'DX-02',
      name: 'DX・IoT関連セミナーの延べ参加者数',
      nameEn: 'Person-times at DX and IoT seminars',
      unit: '人',
      rule: 'PERSON_TIMES' as const,
      programIds: [programs.get('IOT')!],
      plans: [200, 220, 250],
    },
    {
      ...base,
      code: 'ORG-03',
      name: 'セミナー参加企業数',
      nameEn: 'Companies taking part in seminars',
      unit: '社',
      rule: 'UNIQUE_ORGANIZATIONS' as const,
      programIds: all,
      plans: [40, 50, 60],
    },
    {
      ...base,
      code: 'SES-04',
      name: 'セミナー・講座の開催回数',
      nameEn: 'Seminar and course sessions held',
      unit: '回',
      rule: 'SESSIONS_HELD' as const,
      programIds: all,
      plans: [20, 24, 24],
    },
    {
      ...base,
      code: 'ST-05',
      name: '創業支援セミナーの累計参加者数',
      nameEn: 'Cumulative participants in start-up seminars',
      unit: '人',
      rule: 'UNIQUE_PERSONS' as const,
      programIds: [programs.get('STARTUP')!],
      cumulative: true,
      baseYear: fy - 1,
      plans: [30, 60, 90],
    },
    {
      ...base,
      code: 'SAT-07',
      name: '参加者満足度',
      nameEn: 'Participant satisfaction',
      kind: 'OUTCOME' as const,
      unit: '%',
      rule: 'SATISFACTION_RATE' as const,
      topPoints: 2,
      programIds: all,
      plans: [85, 85, 90],
    },
    {
      ...base,
      code: 'CMP-08',
      name: '連続講座の修了者数',
      nameEn: 'Completers of courses',
      unit: '人',
      rule: 'COMPLETERS' as const,
      programIds: all,
      plans: [20, 25, 30],
    },
    {
      ...base,
      code: 'OUT-06',
      name: '創業相談件数',
      nameEn: 'Start-up consultations',
      kind: 'OUTCOME' as const,
      unit: '件',
      rule: 'MANUAL' as const,
      programIds: [programs.get('STARTUP')!],
      plans: [100, 120, 130],
    },
  ]
  for (const [order, { plans, ...spec }] of specs.entries()) {
    const id = await saveIndicator(db, spec)
    await db.indicator.update({ where: { id }, data: { sortOrder: order } })
    for (const [k, plan] of plans.entries()) await setPlan(db, id, fy - 1 + k, plan)
    if (spec.rule === 'MANUAL') {
      await setManualFigure(db, {
        indicatorId: id,
        fiscalYear: fy - 1,
        month: 0,
        value: 104,
        state: 'FINAL',
        note: '年度集計',
        userId: null,
      })
      await setManualFigure(db, {
        indicatorId: id,
        fiscalYear: fy,
        month: 4,
        value: 9,
        state: 'FINAL',
        note: '',
        userId: null,
      })
      await setManualFigure(db, {
        indicatorId: id,
        fiscalYear: fy,
        month: 5,
        value: 11,
        state: 'ESTIMATE',
        note: '見込',
        userId: null,
      })
    }
  }
}
