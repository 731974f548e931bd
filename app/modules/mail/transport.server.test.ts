import { SMTPServer } from 'smtp-server'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fileTransport, smtpTransport } from './transport.server'

/**
 * A real SMTP server that accepts a message's data and then never answers: the
 * transport's own timeouts must end the attempt, so the worker moves on and tries again later.
 */
let server: SMTPServer | null = null
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = null
})

function silentAfterData(): Promise<number> {
  return new Promise((resolve) => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream) {
        // Reads the whole message, then says nothing: no 250, no error, the socket stays open.
        stream.resume()
      },
    })
    s.on('error', () => undefined)
    s.listen(0, '127.0.0.1', () => {
      server = s
      resolve((s.server.address() as { port: number }).port)
    })
  })
}

describe('SMTP transport timeouts', () => {
  it('gives up on a server that goes silent after DATA instead of waiting ten minutes', async () => {
    const port = await silentAfterData()
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, {
      connectionTimeout: 2_000,
      greetingTimeout: 2_000,
      socketTimeout: 1_000,
    })
    try {
      // The unit test timeout (60 s) is the hang detector: without the timeouts this waits 10 minutes.
      await expect(
        transport.send({ from: 'a@example.jp', to: 'b@example.jp', subject: 's', text: 't' }),
      ).rejects.toThrow(/timeout/i)
    } finally {
      transport.close()
    }
  })
})

describe('file transport', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('files a message under the day in Japan, not the day in UTC', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'jisseki-mail-'))
    try {
      // 08:30 on 1 April in Tokyo is still 31 March in UTC.
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2026-03-31T23:30:00Z'))
      const transport = fileTransport(dir)
      const { emlFile } = await transport.send({
        from: 'a@city.example.jp',
        to: 'b@example.jp',
        subject: 's',
        text: 't',
      })
      transport.close()
      expect(emlFile?.split('/')[0]).toBe('2026-04-01')
      expect(await fs.readdir(dir)).toEqual(['2026-04-01'])
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})
