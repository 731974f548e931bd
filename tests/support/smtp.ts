import net from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/**
 * A real SMTP server in the test process (the `smtp-server` package): it receives what the app
 * sends over a socket, parses each message with mailparser, and can be stopped and started again
 * on the same port (the mail server is down, then back), or refuse some recipients for good.
 */
export type TestSmtp = {
  url: string
  port: number
  received: ParsedMail[]
  /** Recipients answered with 550 (no such mailbox). */
  refuse: Set<string>
  start(): Promise<void>
  stop(): Promise<void>
  /** Waits until at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const port = await freePort()
  const received: ParsedMail[] = []
  const refuse = new Set<string>()
  let server: SMTPServer | null = null

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        // Stopping is the server going down: connections kept open by a pooled client are told
        // 421 and closed at once, rather than after smtp-server's 30-second grace period.
        closeTimeout: 100,
        onRcptTo(address, _session, callback) {
          if (refuse.has(address.address.toLowerCase())) {
            const error = new Error('Mailbox unavailable') as Error & { responseCode: number }
            error.responseCode = 550
            return callback(error)
          }
          callback()
        },
        onData(stream, _session, callback) {
          // keepCidLinks: tests see the HTML as sent (cid: references), not with images inlined.
          simpleParser(stream, { keepCidLinks: true })
            .then((mail) => {
              received.push(mail)
              callback()
            })
            .catch((error: Error) => callback(error))
        },
      })
      s.on('error', () => undefined)
      s.listen(port, '127.0.0.1', () => {
        server = s
        resolve()
      })
      s.server.once('error', reject)
    })

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve()
      const s = server
      server = null
      s.close(() => resolve())
    })

  await start()
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuse,
    start,
    stop,
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} messages, received ${received.length}`)
        await new Promise((r) => setTimeout(r, 50))
      }
      return received
    },
  }
}
