import { describe, expect, it } from 'vitest'
import { fieldMessage, translatorOf, type Dictionary, type Lang, type Message, type Messages } from './i18n'
import { DICTIONARIES, messageScript, pageStrings, translator } from './i18n.server'

describe('i18n', () => {
  it('translates with variables, Japanese by default', () => {
    expect(translator('ja')('done.waitlistedBody', { position: 3 })).toContain('3番目')
    expect(translator('en')('seminar.seatsLeft', { count: 4 })).toBe('4 seats left')
  })
  it('translates validation keys and leaves unknown ones readable', () => {
    expect(fieldMessage(translator('en'), 'invalidEmail')).toBe('Enter a valid email address.')
    expect(fieldMessage(translator('ja'), 'required')).toBe('入力してください。')
    expect(fieldMessage(translator('ja'), undefined)).toBeUndefined()
  })
})

describe('English counts', () => {
  it('says "1 seat left" and "2 seats left": a count before a plural noun is a plural message', () => {
    const counted = /\{(count|n|seats|people|minutes|seconds|hours|days)\} (people|[a-z]+s)\b/
    const fixed: string[] = []
    for (const [area, dictionary] of Object.entries(DICTIONARIES.en))
      for (const [key, message] of Object.entries(dictionary as Dictionary))
        if (typeof message === 'string' && counted.test(message)) fixed.push(`${area} ${key}: ${message}`)
    expect(fixed).toEqual([])
    const en = translator('en')
    expect([en('seminar.seatsLeft', { count: 1 }), en('seminar.seatsLeft', { count: 2 })]).toEqual([
      '1 seat left',
      '2 seats left',
    ])
    expect([en('form.group.submit', { n: 1 }), en('form.group.submit', { n: 3 })]).toEqual([
      'Register 1 person',
      'Register 3 people',
    ])
    expect(en('manage.group.cancelled', { n: 1 })).toBe('1 registration cancelled.')
    expect(en('errors.GROUP_TOO_FEW_SEATS', { seats: 1, people: 2 })).toContain('Only 1 seat is left')
  })
})

const placeholders = (message: Message) =>
  [...new Set((typeof message === 'string' ? [message] : Object.values(message)).join(' ').match(/\{\w+\}/g))].sort()

describe('dictionaries per language and area', () => {
  it('has every key in both languages, with the same placeholders, and each key in one area only', () => {
    const seen = new Map<string, string>()
    for (const area of Object.keys(DICTIONARIES.ja) as (keyof typeof DICTIONARIES.ja)[]) {
      const ja: Dictionary = DICTIONARIES.ja[area]
      const en: Dictionary = DICTIONARIES.en[area]
      expect(Object.keys(en).sort(), area).toEqual(Object.keys(ja).sort())
      for (const key of Object.keys(ja)) {
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${area}`).toBeUndefined()
        seen.set(key, area)
        expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]))
      }
    }
  })

  it('gives a public page only the shell and public strings of its language, a console page the console ones too', () => {
    // What the scripts a page names put in the browser's store.
    const stored = (lang: Lang, path: string) => {
      const self: { __jissekiMessages?: Record<string, Messages> } = {}
      for (const url of pageStrings(lang, path).scripts) new Function('self', messageScript(url.slice(6))!.body)(self)
      return self.__jissekiMessages!
    }
    const publicPage = stored('en', '/seminars/abc/register')
    expect(Object.keys(publicPage)).toEqual(['en/shell', 'en/public'])
    expect(publicPage['en/public']).toEqual(DICTIONARIES.en.public)
    expect(publicPage['en/shell']).toEqual(DICTIONARIES.en.shell)
    const consolePage = stored('ja', '/console/seminars/abc')
    expect(Object.keys(consolePage)).toEqual(['ja/shell', 'ja/public', 'ja/console'])
    expect(consolePage['ja/console']!['console.cancelOnBehalf']).toBe('代理でキャンセル')
    expect(pageStrings('en', '/checkin/token').areas).toContain('console')
    expect(pageStrings('en', '/console.data').areas).toContain('console')
    expect(pageStrings('en', '/consoles').areas).toEqual(['shell', 'public'])
  })

  it('serves the strings scripts for good under their hash, briefly under a stale one, and nothing else', () => {
    const [url] = pageStrings('ja', '/').scripts
    expect(url).toMatch(/^\/i18n\/ja-shell\.[0-9a-f]{12}\.js$/)
    expect(messageScript(url.slice(6))!.immutable).toBe(true)
    expect(messageScript('ja-shell.000000000000.js')).toEqual({
      body: messageScript(url.slice(6))!.body,
      immutable: false,
    })
    for (const file of ['ja-server.000000000000.js', 'fr-shell.000000000000.js', 'ja-shell.js', '../ja-shell.x.js'])
      expect(messageScript(file), file).toBeNull()
  })

  it('tells which keys a translator has (for keys that come as data)', () => {
    const page = translatorOf('en', { ...DICTIONARIES.en.shell, ...DICTIONARIES.en.public })
    expect(page.has('errors.SEMINAR_FULL')).toBe(true)
    expect(page.has('console.saved')).toBe(false)
    expect(page('console.saved')).toBe('console.saved')
    expect(translator('en').has('console.saved')).toBe(true)
    expect(translator('en').has('toString')).toBe(false)
  })
})

describe('plural forms (Intl.PluralRules)', () => {
  it('picks the English singular for one and the plural otherwise', () => {
    const en = translator('en')
    expect(en('seminar.seatsLeft', { count: 1 })).toBe('1 seat left')
    expect(en('seminar.seatsLeft', { count: 0 })).toBe('0 seats left')
    expect(en('list.count', { count: 1 })).toBe('1 seminar')
    expect(en('mail.people', { count: 1 })).toBe('1 person')
    expect(en('mail.people', { count: 12 })).toBe('12 people')
    // A count from a query string, and a form counted by another variable than `count`.
    expect(en('privacy.deleted', { count: '1' })).toBe('Personal data deleted (1 registration).')
    expect(en('import.format', { format: 'Zoom', rows: 1 })).toBe('Format: Zoom (1 row)')
    expect(en('import.format', { format: 'Zoom', rows: 3 })).toBe('Format: Zoom (3 rows)')
    // Without a number the general form is used.
    expect(en('mail.people')).toBe('{count} people')
  })

  it('keeps Japanese as it was: one form for every number', () => {
    const ja = translator('ja')
    expect(ja('seminar.seatsLeft', { count: 1 })).toBe('残り1席')
    expect(ja('seminar.seatsLeft', { count: 2 })).toBe('残り2席')
    expect(ja('import.format', { format: 'Zoom', rows: 1 })).toBe('形式: Zoom（1行）')
    expect(translatorOf('ja', { 'mail.people': { one: 'x', other: '{count}名' } })('mail.people', { count: 1 })).toBe(
      '1名',
    )
  })
})
