/**
 * Requests take their turn in arrival order, a few at a time (docs/decisions/0052-fair-under-a-rush.md).
 *
 * Node accepts one new connection per turn of its event loop (libuv accepts once per readiness
 * since 1.45). Without this queue, every request read in a turn starts at once, and under a burst
 * a turn carries the work of a hundred requests: connections opened meanwhile wait in the kernel's
 * accept queue for seconds, while clients already connected are served again and again. Here a
 * request waits in a FIFO queue; at most `concurrency` run at once, and at most one starts per turn
 * of the loop (setImmediate), so a turn stays short and new connections are accepted between
 * requests. A request whose client went away while it waited is dropped without running.
 */
export type AdmissionQueue = {
  /**
   * Resolves with a release function once it is this request's turn; resolves null when the
   * queue is full (the caller answers 503) or `signal` aborted while waiting (nothing to answer).
   */
  enter: (signal?: AbortSignal) => Promise<(() => void) | null>
  /** Requests running and waiting now (for the health check and tests). */
  load: () => { running: number; waiting: number }
}

export function admissionQueue({
  concurrency,
  maxWaiting,
}: {
  concurrency: number
  maxWaiting: number
}): AdmissionQueue {
  let running = 0
  const waiting: { start: () => void; dropped: boolean }[] = []
  // Waiting and not dropped: a client that went away no longer counts against maxWaiting.
  let live = 0
  let scheduled = false

  const schedule = () => {
    if (scheduled || running >= concurrency || waiting.length === 0) return
    scheduled = true
    setImmediate(startNext)
  }
  function startNext() {
    scheduled = false
    while (waiting.length && running < concurrency) {
      const next = waiting.shift()!
      if (next.dropped) continue
      live--
      running++
      next.start()
      break
    }
    schedule()
  }

  return {
    enter(signal) {
      if (signal?.aborted) return Promise.resolve(null)
      if (live >= maxWaiting) return Promise.resolve(null)
      return new Promise((resolve) => {
        const entry = {
          dropped: false,
          start: () => {
            signal?.removeEventListener('abort', onAbort)
            let released = false
            resolve(() => {
              if (released) return
              released = true
              running--
              schedule()
            })
          },
        }
        function onAbort() {
          entry.dropped = true
          live--
          resolve(null)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiting.push(entry)
        live++
        schedule()
      })
    },
    load: () => ({ running, waiting: live }),
  }
}
