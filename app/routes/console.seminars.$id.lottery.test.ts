import { beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../tests/support/factories'
import { databaseForRoutes, signedInAs } from '../../tests/support/routes'
import { register } from '~/modules/registration/registrations.server'
import { verify, type DrawRecord } from '~/modules/lottery/method'
import { toTokyoInputValue } from '~/utils/time'
import { action, loader } from './console.seminars.$id.lottery'
import { loader as recordLoader } from './console.seminars.$id.lottery[.]json'

/*
 * The lottery page's action as the browser posts it without JavaScript: the settings and the
 * draw, their refusals beside the form with what was typed kept, and the record's download.
 */

const database = databaseForRoutes()
const DAY = 24 * 3600_000
let organizer: { id: string; cookie: string }
let seminarId: string

beforeAll(async () => {
  const seminar = await createSeminar(database.db, { capacityInPerson: 1 })
  seminarId = seminar.id
  organizer = await signedInAs(database.db, 'lottery-route@city.example.jp', 'ORGANIZER', [seminar.programId])
})

const post = (fields: Record<string, string>) =>
  action({
    request: new Request(`http://localhost/console/seminars/${seminarId}/lottery`, {
      method: 'POST',
      headers: { cookie: organizer.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    }),
    params: { id: seminarId },
    context: {},
  })

type Answer = {
  data: {
    intent: string
    result: { status: string; error: Record<string, string[]>; initialValue: Record<string, unknown> }
  }
  init: ResponseInit
}

const download = () =>
  recordLoader({
    request: new Request(`http://localhost/console/seminars/${seminarId}/lottery.json`, {
      headers: { cookie: organizer.cookie },
    }),
    params: { id: seminarId },
    context: {},
  })

describe('the console lottery page', () => {
  it('refuses a draw outside the registration period beside the form, keeping what was typed', async () => {
    const late = toTokyoInputValue(new Date(Date.now() + 30 * DAY))
    const answer = (await post({
      intent: 'settings',
      allocation: 'LOTTERY',
      drawAt: late,
      confirmHours: '24',
      'priorities[0]': 'IN_CITY',
    })) as unknown as Answer
    expect(answer.init.status).toBe(400)
    expect(answer.data.intent).toBe('settings')
    expect(answer.data.result.error['']).toEqual(['errors.LOTTERY_DRAW_OUTSIDE_PERIOD'])
    expect(answer.data.result.initialValue).toMatchObject({ drawAt: late, confirmHours: '24', priorities: ['IN_CITY'] })
    expect(await database.db.lottery.count({ where: { seminarId } })).toBe(0)
  })

  it('saves a lottery and shows its commitment; the record is not there before the draw', async () => {
    const res = (await post({
      intent: 'settings',
      allocation: 'LOTTERY',
      drawAt: toTokyoInputValue(new Date(Date.now() + 3 * DAY)),
    })) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe(`/console/seminars/${seminarId}/lottery?msg=lottery.saved`)
    const page = await loader({
      request: new Request(`http://localhost/console/seminars/${seminarId}/lottery`, {
        headers: { cookie: organizer.cookie },
      }),
      params: { id: seminarId },
      context: {},
    })
    expect(page.lottery?.seedHash).toMatch(/^[0-9a-f]{64}$/)
    expect(page.lottery?.seed).toBeNull()
    await expect(download()).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('draws only once confirmed, and not without applications', async () => {
    const unconfirmed = (await post({ intent: 'draw' })) as unknown as Answer
    expect(unconfirmed.init.status).toBe(400)
    expect(unconfirmed.data.result.error).toEqual({ confirm: ['lotteryDrawConfirm'] })
    const empty = (await post({ intent: 'draw', confirm: 'on' })) as unknown as Answer
    expect(empty.init.status).toBe(409)
    expect(empty.data).toMatchObject({ intent: 'draw', result: { error: { '': ['errors.LOTTERY_NO_APPLICATIONS'] } } })
    expect((await database.db.lottery.findUniqueOrThrow({ where: { seminarId } })).drawnAt).toBeNull()
  })

  it('draws with the applications in, records who, serves the record as an attachment, and refuses a second draw', async () => {
    for (let i = 0; i < 3; i++) await register(database.db, { seminarId, ...participant() })
    const res = (await post({ intent: 'draw', confirm: 'on' })) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe(`/console/seminars/${seminarId}/lottery?msg=lottery.drawn`)
    expect(await database.db.lottery.findUniqueOrThrow({ where: { seminarId } })).toMatchObject({
      drawnById: organizer.id,
    })
    const file = await download()
    expect(file.headers.get('Content-Disposition')).toBe(`attachment; filename="lottery-${seminarId}.json"`)
    expect(file.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
    const record = (await file.json()) as DrawRecord
    expect(record.units.map((u) => u.result).sort()).toEqual(['WAITLISTED', 'WAITLISTED', 'WON'])
    expect(verify(record)).toEqual([])
    const again = (await post({ intent: 'draw', confirm: 'on' })) as unknown as Answer
    expect(again.init.status).toBe(409)
    expect(again.data.result.error['']).toEqual(['errors.LOTTERY_ALREADY_DRAWN'])
  })

  it('answers a form it does not know with 400', async () => {
    await expect(post({ intent: 'something' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
