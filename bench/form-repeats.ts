/**
 * Where one repeated form field costs time (docs/decisions/0019-request-limits.md): undici's
 * `formData()` against Conform's `parseWithZod`, for 5,000 to 20,000 repeats of `name=a`.
 * In-process, no server:   npx tsx bench/form-repeats.ts
 * Conform grows ×4 per doubling (its payload is built with `prev.concat(next)`), formData()
 * ×2: why the request limits cap repeats of one name before any parser runs.
 */
import { performance } from 'node:perf_hooks'
import { parseWithZod } from '@conform-to/zod'
import { z } from 'zod'

const schema = z.object({ name: z.string(), email: z.string().optional() })

for (const repeats of [5_000, 10_000, 20_000]) {
  const body = Array.from({ length: repeats }, () => 'name=a').join('&')
  let start = performance.now()
  const form = await new Request('http://bench.invalid/', {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  }).formData()
  const formDataMs = performance.now() - start
  start = performance.now()
  parseWithZod(form, { schema })
  const conformMs = performance.now() - start
  console.log(
    `${repeats} repeats (${Math.round(body.length / 1024)} KB): formData() ${formDataMs.toFixed(1)} ms, parseWithZod ${conformMs.toFixed(0)} ms`,
  )
}
