import { describe, expect, it } from 'vitest'
import {
  DEFAULT_WORDING,
  reportSentences,
  wordingOf,
  type ProgramFigures,
  type ReportWording,
  type SeminarFigures,
} from './report-sentences'

function seminar(over: Partial<SeminarFigures> & Pick<SeminarFigures, 'title'>): SeminarFigures {
  return {
    sessionsHeld: 1,
    personTimes: 0,
    uniquePersons: 0,
    uniqueOrganizations: 0,
    inPerson: 0,
    online: 0,
    ...over,
  }
}

const emptyTotal: ProgramFigures['total'] = {
  sessionsHeld: 0,
  personTimes: 0,
  uniquePersons: 0,
  uniqueOrganizations: 0,
  inPerson: 0,
  online: 0,
}

function program(seminars: SeminarFigures[], total: Partial<ProgramFigures['total']> = {}): ProgramFigures {
  return { programName: 'IoT推進コンソーシアム事業', seminars, total: { ...emptyTotal, ...total } }
}

/** The seminar sentences only (the last sentence is the program total). */
function seminarSentences(f: ProgramFigures, lang: 'ja' | 'en', wording?: ReportWording): string[] {
  return reportSentences(f, lang, wording).slice(0, -1)
}

const single = seminar({ title: 'ニーズ発表会', personTimes: 85, uniquePersons: 85, inPerson: 85 })
const series = seminar({
  title: 'AI普及啓発セミナー',
  sessionsHeld: 2,
  personTimes: 109,
  uniquePersons: 80,
  inPerson: 109,
})
const hybrid = seminar({
  title: 'DX普及促進セミナー',
  personTimes: 169,
  uniquePersons: 169,
  inPerson: 55,
  online: 114,
})
const companies = seminar({
  title: 'DX学校',
  sessionsHeld: 5,
  personTimes: 61,
  uniquePersons: 30,
  uniqueOrganizations: 22,
  online: 61,
})

describe('reportSentences (ja)', () => {
  it('writes a single session', () => {
    expect(seminarSentences(program([single]), 'ja')).toEqual(['ニーズ発表会を開催、85名が参加'])
  })
  it('writes a series with person-times and unique persons', () => {
    expect(seminarSentences(program([series]), 'ja')).toEqual([
      'AI普及啓発セミナーを2回開催、延べ109名が参加（実人数80名）',
    ])
  })
  it('splits hybrid attendance by mode', () => {
    expect(seminarSentences(program([hybrid]), 'ja')).toEqual([
      'DX普及促進セミナーを開催、169名が参加：来場55名、オンライン114名',
    ])
    expect(seminarSentences(program([{ ...hybrid, sessionsHeld: 3, uniquePersons: 120 }]), 'ja')).toEqual([
      'DX普及促進セミナーを3回開催、延べ169名が参加：来場55名、オンライン114名（実人数120名）',
    ])
  })
  it('adds companies', () => {
    expect(seminarSentences(program([companies]), 'ja')).toEqual([
      'DX学校を5回開催、延べ61名が参加（実人数30名、22社）',
    ])
    expect(seminarSentences(program([{ ...hybrid, uniqueOrganizations: 40 }]), 'ja')).toEqual([
      'DX普及促進セミナーを開催、169名が参加：来場55名、オンライン114名（40社）',
    ])
  })
  it('ends with the program total', () => {
    const f = program([series, hybrid, companies], {
      sessionsHeld: 8,
      personTimes: 339,
      uniquePersons: 250,
      uniqueOrganizations: 41,
      inPerson: 164,
      online: 175,
    })
    expect(reportSentences(f, 'ja')).toEqual([
      'AI普及啓発セミナーを2回開催、延べ109名が参加（実人数80名）',
      'DX普及促進セミナーを開催、169名が参加：来場55名、オンライン114名',
      'DX学校を5回開催、延べ61名が参加（実人数30名、22社）',
      'IoT推進コンソーシアム事業全体で計8回開催、延べ339名が参加（実人数250名、41社）',
    ])
  })
  it('writes thousands separators', () => {
    const big = seminar({
      title: 'ジュニア・プログラミング・ワールド',
      sessionsHeld: 12,
      personTimes: 1234,
      uniquePersons: 1001,
    })
    const f = program([big], { sessionsHeld: 1200, personTimes: 12345, uniquePersons: 1001, uniqueOrganizations: 1500 })
    expect(reportSentences(f, 'ja')).toEqual([
      'ジュニア・プログラミング・ワールドを12回開催、延べ1,234名が参加（実人数1,001名）',
      'IoT推進コンソーシアム事業全体で計1,200回開催、延べ12,345名が参加（実人数1,001名、1,500社）',
    ])
  })
  it('skips seminars with no session held', () => {
    const cancelled = seminar({ title: '中止になった講座', sessionsHeld: 0 })
    const f = program([cancelled, single], { sessionsHeld: 1, personTimes: 85, uniquePersons: 85 })
    expect(reportSentences(f, 'ja')).toEqual([
      'ニーズ発表会を開催、85名が参加',
      'IoT推進コンソーシアム事業全体で計1回開催、延べ85名が参加（実人数85名）',
    ])
  })
  it('keeps titles as given', () => {
    const quoted = seminar({ title: '「札幌イノベーションセミナー」', personTimes: 50, uniquePersons: 50 })
    expect(seminarSentences(program([quoted]), 'ja')).toEqual(['「札幌イノベーションセミナー」を開催、50名が参加'])
  })
  it('refuses numbers that are not counts', () => {
    expect(() => reportSentences(program([{ ...single, personTimes: -1 }]), 'ja')).toThrow(RangeError)
  })
})

describe('reportSentences (en)', () => {
  it('writes each kind of sentence', () => {
    const f = program([single, series, hybrid, companies, seminar({ title: 'Skipped', sessionsHeld: 0 })], {
      sessionsHeld: 9,
      personTimes: 424,
      uniquePersons: 364,
      uniqueOrganizations: 22,
      inPerson: 249,
      online: 175,
    })
    expect(reportSentences(f, 'en')).toEqual([
      'Held ニーズ発表会 once, 85 participants',
      'Held AI普及啓発セミナー twice, 109 attendances in total (80 unique participants)',
      'Held DX普及促進セミナー once, 169 participants: 55 in person, 114 online',
      'Held DX学校 5 times, 61 attendances in total (30 unique participants, 22 companies)',
      'IoT推進コンソーシアム事業 overall: 9 sessions held, 424 attendances in total (364 unique participants, 22 companies)',
    ])
  })
  it('uses singular forms and thousands separators', () => {
    const one = seminar({ title: 'Workshop', personTimes: 1, uniquePersons: 1, uniqueOrganizations: 1 })
    const f = program([one, seminar({ title: 'Course', sessionsHeld: 3, personTimes: 1234, uniquePersons: 1 })], {
      sessionsHeld: 1,
      personTimes: 1,
      uniquePersons: 1,
      uniqueOrganizations: 1,
    })
    expect(reportSentences(f, 'en')).toEqual([
      'Held Workshop once, 1 participant (1 company)',
      'Held Course 3 times, 1,234 attendances in total (1 unique participant)',
      'IoT推進コンソーシアム事業 overall: 1 session held, 1 attendance in total (1 unique participant, 1 company)',
    ])
  })
})

describe('reportSentences in the office’s wording', () => {
  const published: ReportWording = { totalWord: '計', counter: '人', uniquePersons: false, companies: false }

  it('writes 「AI普及啓発セミナーを2回開催、計109人が参加」 exactly as published', () => {
    expect(seminarSentences(program([series]), 'ja', published)).toEqual(['AI普及啓発セミナーを2回開催、計109人が参加'])
    expect(
      reportSentences(program([series], { sessionsHeld: 2, personTimes: 109, uniquePersons: 80 }), 'ja', published)[1],
    ).toBe('IoT推進コンソーシアム事業全体で計2回開催、計109人が参加')
  })

  it('uses the counter everywhere, the split by mode included, and adds only what is chosen', () => {
    const wording: ReportWording = { totalWord: '延べ', counter: '人', uniquePersons: true, companies: false }
    expect(seminarSentences(program([hybrid, companies]), 'ja', wording)).toEqual([
      'DX普及促進セミナーを開催、169人が参加：来場55人、オンライン114人',
      'DX学校を5回開催、延べ61人が参加（実人数30人）',
    ])
    expect(seminarSentences(program([companies]), 'ja', { ...wording, uniquePersons: false, companies: true })).toEqual(
      ['DX学校を5回開催、延べ61人が参加（22社）'],
    )
    expect(seminarSentences(program([companies]), 'en', { ...wording, uniquePersons: false })).toEqual([
      'Held DX学校 5 times, 61 attendances in total',
    ])
  })

  it('reads a stored wording, anything unknown as the default', () => {
    expect(
      wordingOf({ reportTotalWord: '計', reportCounter: '人', reportUniquePersons: false, reportCompanies: true }),
    ).toEqual({ totalWord: '計', counter: '人', uniquePersons: false, companies: true })
    expect(
      wordingOf({ reportTotalWord: 'x', reportCounter: 'y', reportUniquePersons: true, reportCompanies: true }),
    ).toEqual(DEFAULT_WORDING)
  })
})
