#!/usr/bin/env node
// Writes tests/durations.json — each test file's duration in the last full run, per project —
// from Vitest's cache (node_modules/.vite/vitest/*/results.json). The suite's sequencer
// (tests/setup/sequencer.ts) starts the longest files first. Run after a full `npm test`.
import fs from 'node:fs'
import path from 'node:path'

const cacheDir = 'node_modules/.vite/vitest'
const results = fs.existsSync(cacheDir)
  ? fs
      .readdirSync(cacheDir)
      .map((d) => path.join(cacheDir, d, 'results.json'))
      .filter((f) => fs.existsSync(f))
  : []
if (results.length === 0) {
  console.error('No Vitest results cache: run the suite first.')
  process.exit(1)
}
const durations = {}
for (const file of results) {
  for (const [key, { duration }] of JSON.parse(fs.readFileSync(file, 'utf8')).results) {
    const testFile = key.slice(key.indexOf(':') + 1)
    if (fs.existsSync(testFile) && typeof duration === 'number') durations[key] = Math.round(duration / 100) * 100
  }
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)))
fs.writeFileSync('tests/durations.json', JSON.stringify(sorted, null, 2) + '\n')
console.log(`tests/durations.json: ${Object.keys(sorted).length} files`)
