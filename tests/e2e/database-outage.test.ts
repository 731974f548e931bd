import crypto from 'node:crypto'
import http from 'node:http'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'
import { createEmptyDatabase, POSTGRES_ADMIN_URL, TEST_DB_KIND } from '../support/test-db'

/** The server's stderr lines (JSON) of one event. */
function logLines(app: AppServer, event: string): Record<string, unknown>[] {
  return app
    .errors()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

/** A request whose Host the URL parser refuses: it fails before Remix (a 500). */
async function withUnparsableHost(url: string): Promise<http.IncomingMessage> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http
      .request(`${url}/`, { headers: { Host: 'bad host[' } }, resolve)
      .on('error', reject)
      .end(),
  )
  res.resume()
  return res
}

describe('an unexpected server error', () => {
  let app: AppServer
  beforeAll(async () => {
    app = await startAppServer()
  })
  afterAll(async () => {
    await app?.stop()
  })

  it('answers 500 and is logged once on stderr with the request id, method and path', async () => {
    const seminar = await createSeminar(app.db, { title: '壊れる前のセミナー' })
    // A table the pages read disappears: a bug-like failure, not an outage.
    await app.db.$executeRawUnsafe('ALTER TABLE "Seminar" RENAME TO "SeminarGone"')
    try {
      const page = await fetch(`${app.url}/`)
      expect(page.status).toBe(500)
      const ics = await fetch(`${app.url}/seminars/${seminar.id}/calendar.ics`)
      expect(ics.status).toBe(500)
      for (const [res, path] of [
        [page, '/'],
        [ics, `/seminars/${seminar.id}/calendar.ics`],
      ] as const) {
        const requestId = res.headers.get('x-request-id')
        // The line crosses the app's stderr pipe after the answer: on a busy machine, a moment later.
        const ofRequest = () => logLines(app, 'request.failed').filter((l) => l.requestId === requestId)
        await expect.poll(ofRequest).toHaveLength(1)
        const lines = ofRequest()
        expect(lines).toHaveLength(1)
        expect(lines[0]).toMatchObject({ method: 'GET', path })
        expect(lines[0].error).toMatch(/SeminarGone|does not exist|no such table/)
      }
    } finally {
      await app.db.$executeRawUnsafe('ALTER TABLE "SeminarGone" RENAME TO "Seminar"')
    }

    // A request that fails before Remix (a Host the URL parser refuses) is logged the same way.
    const refused = await withUnparsableHost(app.url)
    expect(refused.statusCode).toBe(500)
    const requestId = refused.headers['x-request-id']
    await expect.poll(() => logLines(app, 'request.failed').filter((l) => l.requestId === requestId)).toHaveLength(1)
    expect(logLines(app, 'request.failed').filter((l) => l.requestId === requestId)).toHaveLength(1)
  })

  it('does not log a 404 or a 405 as a failure (scanners would fill the log)', async () => {
    const before = logLines(app, 'request.failed').length
    expect((await fetch(`${app.url}/wp-login.php`)).status).toBe(404)
    const post = await fetch(`${app.url}/healthz`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(post.status).toBe(405)
    // A failure after them: once its line is in, any line of theirs would be too (stderr keeps order).
    const refused = await withUnparsableHost(app.url)
    await expect.poll(() => logLines(app, 'request.failed').length).toBeGreaterThan(before)
    expect(
      logLines(app, 'request.failed')
        .slice(before)
        .map((l) => l.requestId),
    ).toEqual([refused.headers['x-request-id']])
  })
})

describe.skipIf(TEST_DB_KIND !== 'postgres')('a PostgreSQL database that refuses connections', () => {
  const applicationName = `jisseki-outage-${crypto.randomBytes(4).toString('hex')}`
  let app: AppServer
  let admin: pg.Client
  let databaseName: string
  let dropDatabase: () => Promise<void>

  beforeAll(async () => {
    const created = await createEmptyDatabase()
    dropDatabase = created.dropDatabase
    const url = new URL(created.url)
    databaseName = url.pathname.slice(1)
    url.searchParams.set('application_name', applicationName)
    app = await startAppServer({ databaseUrl: url.toString() })
    admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
    await admin.connect()
  })
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`)
    await admin?.end()
    await app?.stop()
    await dropDatabase?.()
  })

  it('answers 503 with Retry-After, a page that says so and a short text for .ics, then recovers', async () => {
    const seminar = await createSeminar(app.db, { title: '停止中のセミナー' })
    await app.db.$disconnect()
    await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`)
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    )
    await expect
      .poll(
        async () =>
          (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)', [rows.map((r) => r.pid)])).rowCount,
      )
      .toBe(0)

    const page = await fetch(`${app.url}/seminars/${seminar.id}`)
    expect(page.status).toBe(503)
    expect(page.headers.get('retry-after')).toBe('5')
    expect(await page.text()).toContain('ただいま一時的に保存や表示ができない状態です')
    const ics = await fetch(`${app.url}/seminars/${seminar.id}/calendar.ics`)
    expect(ics.status).toBe(503)
    expect(ics.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(ics.headers.get('retry-after')).toBe('5')
    expect(await ics.text()).toContain('The service is briefly unable to save or show data')
    const health = await fetch(`${app.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ status: 'unavailable', reason: 'database' })
    expect(logLines(app, 'database.unavailable').map((l) => l.requestId)).toContain(page.headers.get('x-request-id'))
    expect(logLines(app, 'request.failed')).toEqual([])

    await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`)
    expect((await fetch(`${app.url}/seminars/${seminar.id}`)).status).toBe(200)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  })
})
