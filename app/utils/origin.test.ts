import { describe, expect, it } from 'vitest'
import { isCrossSiteRequest } from './origin'

const app = 'https://seminar.city.example.jp'

describe('isCrossSiteRequest', () => {
  it('lets reads and same-site posts through', () => {
    expect(isCrossSiteRequest('GET', 'https://evil.example', 'localhost:3000', app)).toBe(false)
    expect(isCrossSiteRequest('POST', 'http://localhost:3000', 'localhost:3000', app)).toBe(false)
    expect(isCrossSiteRequest('POST', app, 'internal:8080', app)).toBe(false)
    expect(isCrossSiteRequest('POST', undefined, 'localhost:3000', app)).toBe(false)
  })
  it('refuses posts from other sites, null and garbage origins', () => {
    expect(isCrossSiteRequest('POST', 'https://evil.example', 'localhost:3000', app)).toBe(true)
    expect(isCrossSiteRequest('POST', 'null', 'localhost:3000', app)).toBe(true)
    expect(isCrossSiteRequest('DELETE', 'not a url', 'localhost:3000', app)).toBe(true)
  })
})
