import { SMTPServer } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { smtpTransport } from './transport.server'

/**
 * A real SMTP server that accepts a message's data and then never answers (issue 15, point 2): the
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
