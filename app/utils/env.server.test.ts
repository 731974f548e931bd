import { describe, expect, it } from 'vitest'
import { configurationWarnings, cookiesAreSecure, parseEnv } from './env.server'

describe('environment', () => {
  it('has working defaults for npm start', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({
      DATABASE_URL: 'file:./data/jisseki.db',
      PORT: 3000,
      DEMO_DATA: true,
      APP_URL: 'http://localhost:3000',
      MAIL_DIR: './data/mail',
      REMINDER_DAYS: 1,
    })
    expect(env.SMTP_URL).toBeUndefined()
    expect(cookiesAreSecure(env)).toBe(false)
  })
  it('links to the port it listens on when APP_URL is not set', () => {
    // PORT=4101 npm start: mails, .ics files, helper links and the sign-in hint pointed to :3000.
    expect(parseEnv({ PORT: '4101' }).APP_URL).toBe('http://localhost:4101')
    expect(parseEnv({ PORT: '4101', APP_URL: 'https://seminar.city.example.jp' }).APP_URL).toBe(
      'https://seminar.city.example.jp',
    )
    expect(() => parseEnv({ APP_URL: 'seminar.city.example.jp' })).toThrow(/APP_URL/)
  })
  it('names each malformed variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', DEMO_DATA: 'perhaps' })).toThrow(
      /PORT[\s\S]*DEMO_DATA|DEMO_DATA[\s\S]*PORT/,
    )
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => parseEnv({ SMTP_URL: 'mail.city.example.jp:25' })).toThrow(/SMTP_URL/)
    expect(() => parseEnv({ REMINDER_DAYS: '-1' })).toThrow(/REMINDER_DAYS/)
    expect(parseEnv({ SMTP_URL: 'smtps://u:p@mail.city.example.jp:465' }).SMTP_URL).toMatch(/^smtps:/)
    expect(() => parseEnv({ CONTACT_EMAIL: '産業振興課' })).toThrow(/CONTACT_EMAIL/)
    expect(parseEnv({ CONTACT_EMAIL: ' a11y@city.example.jp ' }).CONTACT_EMAIL).toBe('a11y@city.example.jp')
    expect(parseEnv({ CONTACT_EMAIL: '' }).CONTACT_EMAIL).toBeUndefined()
  })
  it('turns demo data off and cookies Secure for an https deployment', () => {
    const env = parseEnv({ DEMO_DATA: 'false', APP_URL: 'https://seminar.city.example.jp' })
    expect(env.DEMO_DATA).toBe(false)
    expect(cookiesAreSecure(env)).toBe(true)
    expect(configurationWarnings(env)).toEqual([])
  })
  it('keeps cookies Secure in production, except when trying it out on localhost', () => {
    const intranet = parseEnv({ NODE_ENV: 'production', APP_URL: 'http://seminar.city.lan' })
    expect(cookiesAreSecure(intranet)).toBe(true)
    expect(configurationWarnings(intranet)[0]).toMatch(/https/)
    expect(cookiesAreSecure(parseEnv({ NODE_ENV: 'production', APP_URL: 'http://localhost:3000' }))).toBe(false)
  })

  it('listens on every interface by default, but only on 127.0.0.1 behind a trusted proxy unless HOST says otherwise', () => {
    expect(parseEnv({}).HOST).toBe('0.0.0.0')
    expect(parseEnv({ TRUST_PROXY: '0' }).HOST).toBe('0.0.0.0')
    expect(parseEnv({ TRUST_PROXY: 'false' }).HOST).toBe('0.0.0.0')
    for (const TRUST_PROXY of ['1', '2', 'true', 'yes', 'ON']) {
      expect(parseEnv({ TRUST_PROXY }).HOST, TRUST_PROXY).toBe('127.0.0.1')
      expect(parseEnv({ TRUST_PROXY, HOST: '' }).HOST, TRUST_PROXY).toBe('127.0.0.1')
      expect(parseEnv({ TRUST_PROXY, HOST: '0.0.0.0' }).HOST, TRUST_PROXY).toBe('0.0.0.0')
      expect(parseEnv({ TRUST_PROXY, HOST: '10.0.0.5' }).HOST, TRUST_PROXY).toBe('10.0.0.5')
    }
    expect(parseEnv({ HOST: '::' }).HOST).toBe('::')
  })
})
