import { describe, expect, it } from 'vitest'
import { admissionQueue } from './admission.server'

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('admissionQueue', () => {
  it('starts requests in arrival order, at most `concurrency` at once', async () => {
    const queue = admissionQueue({ concurrency: 2, maxWaiting: 10 })
    const started: number[] = []
    const releases = new Map<number, () => void>()
    for (const n of [1, 2, 3, 4]) {
      void queue.enter().then((release) => {
        started.push(n)
        releases.set(n, release!)
      })
    }
    for (let i = 0; i < 5; i++) await turn()
    expect(started).toEqual([1, 2])
    expect(queue.load()).toEqual({ running: 2, waiting: 2 })
    releases.get(2)!()
    releases.get(2)!() // a second release changes nothing
    for (let i = 0; i < 5; i++) await turn()
    expect(started).toEqual([1, 2, 3])
    expect(queue.load()).toEqual({ running: 2, waiting: 1 })
    releases.get(1)!()
    releases.get(3)!()
    for (let i = 0; i < 5; i++) await turn()
    expect(started).toEqual([1, 2, 3, 4])
  })

  it('starts at most one request per turn of the event loop', async () => {
    const queue = admissionQueue({ concurrency: 8, maxWaiting: 10 })
    let started = 0
    for (let i = 0; i < 4; i++) void queue.enter().then(() => started++)
    await turn()
    expect(started).toBe(1)
    await turn()
    expect(started).toBe(2)
  })

  it('drops a request whose client went away while it waited, and runs the next instead', async () => {
    const queue = admissionQueue({ concurrency: 1, maxWaiting: 10 })
    const first = await queue.enter()
    const gone = new AbortController()
    const leaving = queue.enter(gone.signal)
    const staying = queue.enter()
    gone.abort()
    expect(await leaving).toBeNull()
    expect(queue.load()).toEqual({ running: 1, waiting: 1 })
    first!()
    expect(await staying).toEqual(expect.any(Function))
    expect(queue.load()).toEqual({ running: 1, waiting: 0 })
  })

  it('answers null at once when the queue is full', async () => {
    const queue = admissionQueue({ concurrency: 1, maxWaiting: 1 })
    const running = await queue.enter()
    const waiting = queue.enter()
    expect(await queue.enter()).toBeNull()
    running!()
    expect(await waiting).toEqual(expect.any(Function))
  })

  it('does not count requests whose clients went away against the limit', async () => {
    const queue = admissionQueue({ concurrency: 1, maxWaiting: 2 })
    const running = await queue.enter()
    const gone = [new AbortController(), new AbortController()]
    const leaving = gone.map((g) => queue.enter(g.signal))
    for (const g of gone) g.abort()
    expect(await Promise.all(leaving)).toEqual([null, null])
    expect(queue.load()).toEqual({ running: 1, waiting: 0 })
    // Both places are free again while the dropped entries still sit in line.
    const next = [queue.enter(), queue.enter()]
    expect(queue.load()).toEqual({ running: 1, waiting: 2 })
    running!()
    expect(await next[0]).toEqual(expect.any(Function))
  })
})
