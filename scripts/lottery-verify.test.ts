import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { draw, LOTTERY_METHOD, newSeed, seedHash, type DrawRecord, type DrawUnit } from '~/modules/lottery/method'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-lottery-verify-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Runs `npm run lottery:verify -- <file>` as the package script does (tsx). */
function verifyFile(file: string) {
  const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/lottery-verify.ts', file], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: run.status, out: run.stdout, err: run.stderr }
}

function writeRecord(name: string, record: unknown): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, JSON.stringify(record, null, 2))
  return file
}

/** A draw as the console exports it: 12 applications (a group of 3 among them) for 5 seats and a waiting list. */
function exportedRecord(): DrawRecord {
  const seed = newSeed()
  const units: DrawUnit[] = Array.from({ length: 12 }, (_, i) => ({
    number: i + 1,
    mode: i % 4 === 0 ? 'ONLINE' : 'IN_PERSON',
    people: i === 2 ? 3 : 1,
    matches: [i % 3 === 0],
  }))
  const input = {
    seed,
    seatsFree: { IN_PERSON: 5, ONLINE: 2 },
    alreadyWaiting: { IN_PERSON: 0, ONLINE: 0 },
    waitlist: true,
    units,
  }
  return {
    ...input,
    method: LOTTERY_METHOD,
    seminarId: 'seminar-1',
    seedHash: seedHash(seed),
    drawnAt: '2026-12-01T03:00:00.000Z',
    priorities: ['IN_CITY'],
    units: draw(input),
  }
}

describe('npm run lottery:verify', () => {
  const record = exportedRecord()

  it('confirms the seed and every result of an exported draw, and exits 0', () => {
    const run = verifyFile(writeRecord('record.json', record))
    expect(run.err).toBe('')
    expect(run.out).toContain(`seed SHA-256: matches the published ${record.seedHash}`)
    expect(run.out).toContain('OK: all 12 results match (method jisseki-lottery-1)')
    expect(run.status).toBe(0)
  })

  it('names each difference of a tampered record and exits 1', () => {
    // Someone moved a loser up: the result recorded is not the one the seed gives.
    const loser = record.units.find((u) => u.result !== 'WON')!
    const tampered = {
      ...record,
      units: record.units.map((u) => (u.number === loser.number ? { ...u, result: 'WON', waitlistPosition: null } : u)),
    }
    const run = verifyFile(writeRecord('tampered.json', tampered))
    expect(run.out).toContain('seed SHA-256: matches')
    expect(run.out).toContain(`DIFFERS: application ${loser.number}: result recorded WON, computed ${loser.result}`)
    expect(run.out).not.toContain('OK:')
    expect(run.status).toBe(1)
  })

  it('refuses a seed other than the one committed to', () => {
    const run = verifyFile(writeRecord('other-seed.json', { ...record, seed: newSeed() }))
    expect(run.out).toContain('seed SHA-256: DOES NOT MATCH')
    expect(run.out).toContain('DIFFERS: the seed does not match its published SHA-256')
    expect(run.status).toBe(1)
  })

  it('says how to use it when the file is missing or not a record (exit 2)', () => {
    expect(verifyFile(path.join(dir, 'missing.json'))).toMatchObject({
      status: 2,
      err: expect.stringContaining('cannot read'),
    })
    const run = verifyFile(writeRecord('not-a-record.json', { hello: 'world' }))
    expect(run).toMatchObject({ status: 2, err: expect.stringContaining('is not the record of a draw') })
  })
})
