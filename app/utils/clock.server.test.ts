import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { currentTime } from './clock.server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-clock-'))
const file = path.join(dir, 'clock')
afterEach(() => fs.rmSync(file, { force: true }))

const HOUR = 3_600_000
const near = (date: Date, ms: number) => Math.abs(date.getTime() - ms) < 60_000

describe('the app clock', () => {
  it('is the system clock without a clock file', () => {
    expect(near(currentTime({ VITEST: 'true' }), Date.now())).toBe(true)
    expect(near(currentTime({}), Date.now())).toBe(true)
  })

  it('runs ahead by what the file says inside a test run', () => {
    fs.writeFileSync(file, String(5 * HOUR))
    expect(near(currentTime({ VITEST: 'true', JISSEKI_TEST_CLOCK_FILE: file }), Date.now() + 5 * HOUR)).toBe(true)
  })

  it('ignores the file outside a test run, as in every deployment', () => {
    fs.writeFileSync(file, String(5 * HOUR))
    for (const NODE_ENV of ['production', 'development', 'test'])
      expect(near(currentTime({ NODE_ENV, JISSEKI_TEST_CLOCK_FILE: file }), Date.now()), NODE_ENV).toBe(true)
  })

  it('runs on real time while the file is missing, holds something else, or would move it back', () => {
    const env = { VITEST: 'true', JISSEKI_TEST_CLOCK_FILE: file }
    expect(near(currentTime(env), Date.now())).toBe(true)
    for (const text of ['', 'soon', '1.5', '1e400', String(2 ** 60), String(-5 * HOUR)]) {
      fs.writeFileSync(file, text)
      expect(near(currentTime(env), Date.now()), text).toBe(true)
    }
  })
})
