import { createReadableStreamFromReadable } from '@remix-run/node'
import type { ReactNode } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { nulFreeStream } from './nul-free-stream.server'

/** How long content streamed after the shell (deferred data) may take before it is cut off. */
export const ABORT_DELAY_MS = 5_000

export type RenderOptions = {
  status: number
  headers: Headers
  /** Crawlers get the whole page at once; browsers the shell as soon as it is ready. */
  waitForAll: boolean
  nonce?: string
  abortDelayMs?: number
  /** Where an error after the shell is logged (earlier ones reject and Remix logs them). */
  logError?: (error: unknown) => void
}

/**
 * Renders a page into a streamed HTML response.
 *
 * The abort timer starts once the shell is ready, never before: React 18.3.1 renders on the next
 * turn of the event loop (setImmediate), and an abort before the shell is done closes the render
 * without calling onShellReady or onShellError — the response never came and nothing was logged.
 * On an event loop congested by a burst a turn can take longer than the delay, and registered
 * people waited forever for their done page (docs/decisions/0025).
 */
export function renderHtml(element: ReactNode, options: RenderOptions): Promise<Response> {
  const { headers, waitForAll, nonce, abortDelayMs = ABORT_DELAY_MS, logError = console.error } = options
  let status = options.status
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const respond = () => {
      // Not a PassThrough: React 18.3.1 pads its chunks with NUL bytes (nul-free-stream.server.ts).
      const body = nulFreeStream()
      headers.set('Content-Type', 'text/html')
      resolve(new Response(createReadableStreamFromReadable(body), { headers, status }))
      pipe(body)
    }
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce,
      onShellReady() {
        shellRendered = true
        setTimeout(abort, abortDelayMs).unref()
        if (!waitForAll) respond()
      },
      ...(waitForAll ? { onAllReady: respond } : {}),
      onShellError: reject,
      onError(error: unknown) {
        status = 500
        // Errors before the shell reject above and are logged by Remix; later ones only here.
        if (shellRendered) logError(error)
      },
    })
  })
}
