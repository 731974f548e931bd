/**
 * Checks the record of a lottery's draw, as the console exports it (/console/seminars/:id/lottery.json):
 *   npm run lottery:verify -- record.json
 * The seed must be the one whose SHA-256 was shown before the draw, and running the method again
 * (app/modules/lottery/method.ts, docs/decisions/0049-lottery.md) on the numbered applications
 * must give each the same key, rank, result and waiting-list place. Exit 0 when it holds, 1 with
 * each difference when it does not, 2 when the file cannot be read.
 */
import fs from 'node:fs'
import { seedHash, verify, type DrawRecord } from '../app/modules/lottery/method'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const file = process.argv[2]
if (!file || process.argv.length > 3) fail('usage: npm run lottery:verify -- <record.json>')

let record: DrawRecord
try {
  record = JSON.parse(fs.readFileSync(file, 'utf8')) as DrawRecord
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
}
if (!record || typeof record !== 'object' || !Array.isArray(record.units) || typeof record.seed !== 'string')
  fail(`${file} is not the record of a draw (no seed or units)`)

const seedOk = seedHash(record.seed) === record.seedHash
console.log(`seed SHA-256: ${seedOk ? 'matches' : 'DOES NOT MATCH'} the published ${record.seedHash}`)
let problems: string[]
try {
  problems = verify(record)
} catch (error) {
  fail(`${file} is not the record of a draw: ${error instanceof Error ? error.message : String(error)}`)
}
if (problems.length === 0) {
  console.log(`OK: all ${record.units.length} results match (method ${record.method})`)
  process.exit(0)
}
for (const p of problems) console.log(`DIFFERS: ${p}`)
console.log(`FAILED: ${problems.length} difference${problems.length === 1 ? '' : 's'}`)
process.exit(1)
