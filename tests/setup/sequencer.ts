import fs from 'node:fs'
import path from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/*
 * Longest files first, by the durations of a full run kept in tests/durations.json (written by
 * `npm run test:durations` from Vitest's own cache after a run). Vitest orders by its cache too,
 * but a clean clone — CI — has none and ran the files in the order found: the two-minute browser
 * files then started last and finished alone on one core while the other idled. A file not in the
 * list counts as a middling one (it starts among the others, not last).
 */
const DURATIONS_FILE = path.resolve('tests/durations.json')
const UNKNOWN_MS = 5_000

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known: Record<string, number> = fs.existsSync(DURATIONS_FILE)
      ? (JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>)
      : {}
    const root = this.ctx.config.root
    const ms = (f: TestSpecification) =>
      known[`${f.project.name}:${path.relative(root, f.moduleId).split(path.sep).join('/')}`] ?? UNKNOWN_MS
    return [...files].sort((a, b) => ms(b) - ms(a))
  }
}
