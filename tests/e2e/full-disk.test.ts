import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '~/utils/migrate.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'
import { TEST_DB_KIND } from '../support/test-db'

/**
 * The SQLite app on a real full filesystem (docs/decisions/0024): a tmpfs of a few megabytes the
 * test mounts (root only), filled with a file until the kernel says ENOSPC.
 */
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-full-disk-'))
const mounted = (() => {
  if (TEST_DB_KIND !== 'sqlite') return false
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m,mode=0700', 'tmpfs', mountPoint], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
if (!mounted) fs.rmSync(mountPoint, { recursive: true, force: true })
if (TEST_DB_KIND === 'sqlite' && !mounted) {
  console.warn('\n  Cannot mount a tmpfs here (not root): the full-disk test is SKIPPED.\n')
}

const filler = path.join(mountPoint, 'filler')

/** Writes until the filesystem is full: the next byte anyone writes there fails with ENOSPC. */
function fillDisk() {
  const fd = fs.openSync(filler, 'a')
  const chunk = Buffer.alloc(4096, 1)
  try {
    for (;;) fs.writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    fs.closeSync(fd)
  }
}

function registrationForm(email: string) {
  return new URLSearchParams({
    name: '満杯 太郎',
    furigana: 'まんぱい たろう',
    email,
    industry: 'E',
    inCity: 'yes',
    mode: 'IN_PERSON',
    consent: 'on',
    submissionKey: crypto.randomUUID(),
  })
}

/** The .eml files the app's outbox wrote for one address (MAIL_DIR: not on the full disk). */
function mailsTo(app: AppServer, email: string): number {
  return (fs.readdirSync(app.mailDir, { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.eml') && fs.readFileSync(path.join(app.mailDir, f), 'utf8').includes(email),
  ).length
}

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return false
  } catch {
    return true
  }
}

describe.skipIf(!mounted)('a full disk under the SQLite app', () => {
  let app: AppServer
  let seminarId: string
  const register = (email: string) =>
    fetch(`${app.url}/seminars/${seminarId}/register`, {
      method: 'POST',
      redirect: 'manual',
      body: registrationForm(email),
    })

  beforeAll(async () => {
    const databaseUrl = `file:${path.join(mountPoint, 'app.db')}`
    await migrate(databaseUrl)
    app = await startAppServer({ databaseUrl })
    seminarId = (await createSeminar(app.db, { title: 'ディスク満杯のセミナー', capacityInPerson: 30 })).id
  })
  afterAll(async () => {
    // A server that ignored SIGTERM (the test failed) must not keep the filesystem busy.
    if (app && !exited(app.pid)) process.kill(app.pid, 'SIGKILL')
    await app?.stop()
    execFileSync('umount', [mountPoint])
    fs.rmSync(mountPoint, { recursive: true, force: true })
  })

  it('answers 503 pages while full, recovers by itself once space is back, and SIGTERM still stops it', async () => {
    expect((await register('before@example.jp')).status).toBe(302)
    // Its confirmation leaves before the disk fills: a message the worker had claimed when the disk
    // filled stays claimed until its lease ends (minutes), since no write can release it — sent
    // late, never twice, and not what this test is about.
    await expect.poll(() => mailsTo(app, 'before@example.jp')).toBe(1)
    // The WAL emptied, so the next commit needs new blocks of the filesystem.
    await app.db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)')
    fillDisk()

    const full = await register('during@example.jp')
    expect(full.status).toBe(503)
    expect(full.headers.get('retry-after')).toBe('5')
    const page = await full.text()
    expect(page).toContain('ただいま一時的に保存や表示ができない状態です')
    const requestId = full.headers.get('x-request-id')!
    const english = await fetch(`${app.url}/seminars/${seminarId}/register`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: 'lang=en' },
      body: registrationForm('during-en@example.jp'),
    })
    expect(english.status).toBe(503)
    expect(await english.text()).toContain('The service is briefly unable to save or show data')

    // Reads still work, and /healthz says why writes do not (a read alone would say "ok").
    expect((await fetch(`${app.url}/seminars/${seminarId}`)).status).toBe(200)
    const health = await fetch(`${app.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toEqual({ status: 'unavailable', reason: 'database', detail: 'disk full' })
    expect(app.errors()).toContain(`"event":"database.unavailable","requestId":"${requestId}","method":"POST"`)

    fs.rmSync(filler)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
    expect((await register('after@example.jp')).status).toBe(302)
    const registered = await app.db.registration.findMany({
      where: { seminarId },
      select: { email: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(registered.map((r) => r.email)).toEqual(['before@example.jp', 'after@example.jp'])
    // One confirmation each for those registered, none for the refused ones.
    await expect.poll(() => mailsTo(app, 'after@example.jp')).toBe(1)
    expect(mailsTo(app, 'before@example.jp')).toBe(1)
    expect(mailsTo(app, 'during@example.jp') + mailsTo(app, 'during-en@example.jp')).toBe(0)

    // A request that never finishes sending its body, on a connection the server must not wait for.
    const hanging = net.connect(Number(new URL(app.url).port), '127.0.0.1')
    await new Promise((resolve) => hanging.once('connect', resolve))
    hanging.on('error', () => undefined)
    hanging.write(
      `POST /seminars/${seminarId}/register HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=',
    )
    process.kill(app.pid, 'SIGTERM')
    await expect.poll(() => exited(app.pid), { timeout: 30_000 }).toBe(true)
    hanging.destroy()
  })
})
