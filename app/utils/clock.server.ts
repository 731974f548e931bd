import fs from 'node:fs'

/**
 * The time the app acts on: what every module takes as `now` when its caller names none (rate
 * limits, sign-in delays, sessions, links, registration windows, background jobs).
 *
 * It is the system clock, except inside a test run: an app process started by the browser tests
 * (tests/support/app-server.ts) may be given JISSEKI_TEST_CLOCK_FILE, a file holding how many
 * milliseconds its clock is ahead. The test moves time forward by rewriting the file instead of
 * sleeping through a rate-limit window or a sign-in delay. Outside a test run (Vitest's VITEST
 * unset, as in every deployment) the variable is ignored (docs/decisions/0031).
 */
export function currentTime(environment: Record<string, string | undefined> = process.env): Date {
  const file = environment.VITEST ? environment.JISSEKI_TEST_CLOCK_FILE : undefined
  return file ? new Date(Date.now() + aheadBy(file)) : new Date()
}

/**
 * The file's whole milliseconds; 0 while it is missing or holds anything else. Never behind: a
 * clock moved back would bring expired sign-ins and links back to life.
 */
function aheadBy(file: string): number {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return 0
  }
  const ms = Number(text.trim())
  return Number.isSafeInteger(ms) && ms > 0 ? ms : 0
}
