import { describe, expect, it } from 'vitest'
import {
  draw,
  drawKey,
  LOTTERY_METHOD,
  seedHash,
  verify,
  type DrawInput,
  type DrawRecord,
  type DrawUnit,
} from './method'

const SEED = 'a'.repeat(64)

const single = (number: number, matches: boolean[] = [], mode: DrawUnit['mode'] = 'IN_PERSON'): DrawUnit => ({
  number,
  mode,
  people: 1,
  matches,
})

function input(units: DrawUnit[], overrides: Partial<DrawInput> = {}): DrawInput {
  return {
    seed: SEED,
    seatsFree: { IN_PERSON: 2, ONLINE: 0 },
    alreadyWaiting: { IN_PERSON: 0, ONLINE: 0 },
    waitlist: true,
    units,
    ...overrides,
  }
}

function record(i: DrawInput): DrawRecord {
  return {
    method: LOTTERY_METHOD,
    seminarId: 's1',
    seedHash: seedHash(i.seed),
    drawnAt: '2026-12-01T00:00:00.000Z',
    priorities: [],
    seatsFree: i.seatsFree,
    alreadyWaiting: i.alreadyWaiting,
    waitlist: i.waitlist,
    seed: i.seed,
    units: draw(i),
  }
}

describe('the lottery method', () => {
  it('keys each application by SHA-256 of "<seed>:<number>", as any sha256 tool computes it', () => {
    // printf 'aaaa…a:1' | sha256sum (64 a's), and the seed's own hash: fixed values, so a change
    // of the method cannot pass unnoticed.
    expect(drawKey(SEED, 1)).toBe('b275cc3e1fd59369adf26b216d0196140480d9a5c0ec5b25151a8c1bef346cf7')
    expect(seedHash(SEED)).toBe('ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb')
  })

  it('orders by key: the same seed gives the same result, the winners are the lowest keys', () => {
    const units = [1, 2, 3, 4, 5].map((n) => single(n))
    const first = draw(input(units))
    expect(draw(input(units))).toEqual(first)
    const byKey = [...units].sort((a, b) => (drawKey(SEED, a.number) < drawKey(SEED, b.number) ? -1 : 1))
    const winners = first.filter((u) => u.result === 'WON').map((u) => u.number)
    expect(winners.sort()).toEqual(
      byKey
        .slice(0, 2)
        .map((u) => u.number)
        .sort(),
    )
    // The rest wait in drawn order.
    const waiting = first.filter((u) => u.result === 'WAITLISTED').sort((a, b) => a.rank - b.rank)
    expect(waiting.map((u) => u.waitlistPosition)).toEqual([1, 2, 3])
    expect(waiting.map((u) => u.number)).toEqual(byKey.slice(2).map((u) => u.number))
    // Another seed, another order (for these five, checked once).
    const other = draw(input(units, { seed: 'b'.repeat(64) }))
    expect(other.map((u) => u.rank)).not.toEqual(first.map((u) => u.rank))
  })

  it('puts applications matching the first priority first, then the second, whatever their keys', () => {
    const units = [
      single(1, [false, true]),
      single(2, [true, false]),
      single(3, [false, false]),
      single(4, [true, true]),
      single(5, [false, true]),
    ]
    const drawn = draw(input(units, { seatsFree: { IN_PERSON: 3, ONLINE: 0 } }))
    const rankOf = (n: number) => drawn.find((u) => u.number === n)!.rank
    expect(rankOf(4)).toBe(1) // both
    expect(rankOf(2)).toBe(2) // the first only
    expect([rankOf(1), rankOf(5)].sort()).toEqual([3, 4]) // the second only
    expect(rankOf(3)).toBe(5) // none
    expect(drawn.filter((u) => u.result === 'WON').map((u) => u.number)).toContain(4)
    expect(drawn.find((u) => u.number === 3)!.result).toBe('WAITLISTED')
  })

  it('gives a group all its seats or none, and a group that does not fit is not selected while a later single wins', () => {
    const group: DrawUnit = { number: 1, mode: 'IN_PERSON', people: 3, matches: [true] }
    const drawn = draw(
      input([group, single(2, [false]), single(3, [false])], { seatsFree: { IN_PERSON: 2, ONLINE: 0 } }),
    )
    expect(drawn.map((u) => [u.number, u.result])).toEqual([
      [1, 'NOT_SELECTED'], // first in the order (its priority), but three people for two seats
      [2, 'WON'],
      [3, 'WON'],
    ])
  })

  it('draws each mode against its own seats, no limit wins everyone, no waiting list means not selected', () => {
    const units = [single(1), single(2, [], 'ONLINE'), single(3, [], 'ONLINE'), single(4)]
    const drawn = draw(input(units, { seatsFree: { IN_PERSON: null, ONLINE: 1 }, waitlist: false }))
    expect(drawn.filter((u) => u.mode === 'IN_PERSON').every((u) => u.result === 'WON')).toBe(true)
    const online = drawn.filter((u) => u.mode === 'ONLINE').map((u) => u.result)
    expect(online.sort()).toEqual(['NOT_SELECTED', 'WON'])
  })

  it('places the drawn-out after those already waiting', () => {
    const drawn = draw(
      input([single(1), single(2), single(3)], {
        seatsFree: { IN_PERSON: 0, ONLINE: 0 },
        alreadyWaiting: { IN_PERSON: 4, ONLINE: 0 },
      }),
    )
    expect(drawn.map((u) => u.waitlistPosition).sort()).toEqual([5, 6, 7])
  })
})

describe('verifying a record', () => {
  const units = [1, 2, 3, 4, 5, 6].map((n) => single(n, [n % 2 === 0]))
  const good = record(input(units, { seatsFree: { IN_PERSON: 3, ONLINE: 0 } }))

  it('finds nothing wrong with a record as drawn', () => {
    expect(verify(good)).toEqual([])
  })

  it('names a result changed after the draw', () => {
    const loser = good.units.find((u) => u.result !== 'WON')!
    const tampered: DrawRecord = {
      ...good,
      units: good.units.map((u) => (u.number === loser.number ? { ...u, result: 'WON' } : u)),
    }
    expect(verify(tampered)).toContain(`application ${loser.number}: result recorded WON, computed ${loser.result}`)
  })

  it('refuses a seed other than the one committed to, and the results it would give', () => {
    const otherSeed = { ...good, seed: 'c'.repeat(64) }
    const problems = verify(otherSeed)
    expect(problems[0]).toBe('the seed does not match its published SHA-256')
    expect(problems.length).toBeGreaterThan(1)
  })
})
