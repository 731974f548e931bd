import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRequestHandler } from './remix-express.server'

/** The answer of a full admission queue (docs/decisions/0052): plain text for pages, JSON for the API (0055). */
let server: http.Server
let url: string
beforeAll(async () => {
  const app = express()
  app.all(
    '*',
    createRequestHandler({
      build: () => Promise.reject(new Error('no build: the queue refuses before the app runs')) as Promise<ServerBuild>,
      mode: 'production',
      getLoadContext: () => ({}),
      admission: { enter: () => Promise.resolve(null), load: () => ({ running: 0, waiting: 0 }) },
    }),
  )
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('a full admission queue', () => {
  it('answers a page 503 in plain text, in both languages', async () => {
    const res = await fetch(`${url}/privacy`)
    expect(res.status).toBe(503)
    expect(res.headers.get('Retry-After')).toBe('5')
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/)
    expect(await res.text()).toContain('very busy')
  })

  it('answers the JSON API 503 in its error shape', async () => {
    const res = await fetch(`${url}/api/v1/seminars`)
    expect(res.status).toBe(503)
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ error: { code: 'BUSY', message: expect.stringContaining('very busy') } })
  })
})
