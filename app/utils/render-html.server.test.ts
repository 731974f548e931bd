import { createElement } from 'react'
import { describe, expect, it } from 'vitest'
import { renderHtml } from './render-html.server'

/** Synchronous work: what a congested event loop does to everything queued behind it. */
function holdEventLoop(ms: number) {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy
  }
}

describe('rendering a page', () => {
  it('answers even when the event loop was held up past the abort delay before the shell rendered', async () => {
    const abortDelayMs = 20
    // Started from a setImmediate callback, as a render often is under load: React's own render
    // callback (setImmediate) then runs on the next turn, after that turn's timers.
    const { rendered, reactHadItsTurn } = await new Promise<{
      rendered: Promise<Response>
      reactHadItsTurn: Promise<'no answer'>
    }>((resolve) =>
      setImmediate(() => {
        const rendered = renderHtml(createElement('p', null, '受付票 slip'), {
          status: 200,
          headers: new Headers(),
          waitForAll: false,
          abortDelayMs,
        })
        holdEventLoop(abortDelayMs * 3)
        // Queued after React's render callback, and once more: by then the shell was rendered.
        const reactHadItsTurn = new Promise<'no answer'>((done) =>
          setImmediate(() => setImmediate(() => done('no answer'))),
        )
        resolve({ rendered, reactHadItsTurn })
      }),
    )
    const answer = await Promise.race([rendered, reactHadItsTurn])
    expect(answer).toBeInstanceOf(Response)
    const response = answer as Response
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('受付票 slip')
  })

  it('streams a page normally', async () => {
    const response = await renderHtml(createElement('h1', null, 'お申し込みを受け付けました'), {
      status: 200,
      headers: new Headers(),
      waitForAll: true,
    })
    expect(response.headers.get('Content-Type')).toBe('text/html')
    expect(await response.text()).toBe('<h1>お申し込みを受け付けました</h1>')
  })
})
