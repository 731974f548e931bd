import fs from 'node:fs'
import os from 'node:os'

/** Percentiles of a list of durations in milliseconds, rounded to 0.01 ms. */
export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]),
  }
}

/** Writes a benchmark's report, with the machine it ran on, to bench/reports/<name>.json. */
export function writeReport(name: string, report: Record<string, unknown>): void {
  const full = {
    ...report,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    at: new Date().toISOString(),
  }
  fs.mkdirSync('bench/reports', { recursive: true })
  const file = `bench/reports/${name}.json`
  fs.writeFileSync(file, JSON.stringify(full, null, 2) + '\n')
  console.log(JSON.stringify(full, null, 2))
  console.log(`Wrote ${file}`)
}
