import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'

function refusesConnections(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(Number(new URL(url).port), '127.0.0.1')
    probe.once('connect', () => {
      probe.destroy()
      resolve(false)
    })
    probe.once('error', () => resolve(true))
  })
}

/**
 * SIGTERM (a deploy, a restart) while a reverse proxy keeps its connections open: the request in
 * flight is answered, its keep-alive connection closed, and the process ends cleanly — the mail
 * worker stopped and the database closed — instead of being cut off after the grace period.
 */
describe.skipIf(process.env.JISSEKI_TEST_DB === 'postgres')('stopping the server', () => {
  let app: AppServer
  beforeAll(async () => {
    app = await startAppServer()
  })
  afterAll(async () => {
    await app.stop()
  })

  it('answers the request in flight and exits cleanly, its keep-alive connection closed', async () => {
    const socket = net.connect(Number(new URL(app.url).port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => (answer += chunk))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    // An idle keep-alive connection, as a proxy holds them, then a request that is still arriving.
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await expect.poll(() => answer).toContain('"status"')
    answer = ''
    const body = 'a=' + 'x'.repeat(100)
    socket.write(
      `POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    )
    // The server has the request (it invites the body): it is in flight when SIGTERM comes.
    await expect.poll(() => answer).toContain('100 Continue')
    process.kill(app.pid, 'SIGTERM')
    // Stopping has begun once the server refuses new connections; only then does the body arrive.
    await expect.poll(() => refusesConnections(app.url), { timeout: 30_000 }).toBe(true)
    socket.write(body)
    await expect.poll(() => answer).toMatch(/HTTP\/1\.1 405/)
    await closed
    await expect.poll(() => app.exitCode(), { timeout: 30_000 }).not.toBeNull()
    expect(app.exitCode()).toBe(0)
    expect(app.errors()).not.toContain('cut off')
  })
})
