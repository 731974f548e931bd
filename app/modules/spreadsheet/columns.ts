/**
 * Which column of a spreadsheet holds what. The headers offices actually use — Google Forms,
 * LoGoフォーム and kintone exports, typed-up paper lists, past years' Excel books — are recognized,
 * so that most files need no mapping by hand; a mapping someone corrected is remembered per
 * header list (`mappingSignature`). No server imports: the mapping form uses this too.
 */
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from './types'

export { EVENT_FIELDS, IMPORT_FIELDS, PERSON_FIELDS } from './types'
export type { ColumnMapping, ImportField } from './types'

/**
 * A header as compared: NFKC (full-width letters and digits, half-width katakana), lower-case,
 * without spaces, punctuation, brackets and the marks forms add (※, *, 必須, 任意).
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【<＜]\s*(必須|任意|required|optional)\s*[)）\]】>＞]/g, '')
    .replace(/[\s\u3000※*＊:：・、，,.。\-_/／()（）[\]【】「」『』<>＜＞?？]/g, '')
}

const HEADERS: Record<Exclude<ImportField, 'session'>, string[]> = {
  name: [
    '氏名',
    'お名前',
    '名前',
    'ご氏名',
    '参加者名',
    '参加者氏名',
    '申込者名',
    '申込者氏名',
    '受講者名',
    '受講者氏名',
    '氏名漢字',
    '姓名',
    'name',
    'fullname',
  ],
  furigana: [
    'ふりがな',
    'フリガナ',
    'よみがな',
    'ヨミガナ',
    'よみ',
    'カナ',
    '氏名ふりがな',
    '氏名フリガナ',
    'お名前ふりがな',
    'お名前フリガナ',
    '氏名カナ',
    'furigana',
    'kana',
    'reading',
  ],
  email: [
    'メールアドレス',
    'メール',
    'eメール',
    'eメールアドレス',
    'email',
    'emailaddress',
    'mail',
    'mailaddress',
    '連絡先メールアドレス',
  ],
  organizationName: [
    '会社名',
    '事業所名',
    '企業名',
    '団体名',
    '会社団体名',
    '会社名団体名',
    '企業名団体名',
    '会社事業所名',
    '企業団体名',
    '事業者名',
    '所属',
    '所属先',
    '所属団体',
    '勤務先',
    'organization',
    'company',
    'companyname',
  ],
  corporateNumber: ['法人番号', 'corporatenumber'],
  industry: ['業種', '業種分類', '産業分類', 'industry'],
  inCity: ['所在地', '市内外', '市内市外', '所在地市内市外', '事業所所在地', 'location', 'incity'],
  phone: ['電話番号', '電話', 'tel', 'telephone', 'phone', '連絡先電話番号', '連絡先'],
  mode: ['参加方法', '参加形態', '参加方式', '受講方法', '受講形態', 'mode', 'attendancemode'],
  attended: ['出欠', '出席', '出欠席', '出欠確認', '参加有無', '受付', 'attendance', 'attended'],
  seminarTitle: [
    'セミナー名',
    '講座名',
    '研修名',
    '講習名',
    'イベント名',
    'タイトル',
    'seminar',
    'seminartitle',
    'title',
  ],
  sessionDate: ['日付', '開催日', '実施日', '受講日', '開催日時', 'date'],
  sessionStart: ['開始', '開始時刻', '開始時間', 'start', 'starttime'],
  sessionEnd: ['終了', '終了時刻', '終了時間', 'end', 'endtime'],
  sessionNumber: ['回', '回数', '開催回', '第回', 'session', 'sessionnumber'],
}

const BY_KEY = new Map<string, ImportField>(
  Object.entries(HEADERS).flatMap(([field, names]) => names.map((name) => [headerKey(name), field as ImportField])),
)

/**
 * A header naming one session of a series, whose cells say ○/× for each person: 第1回, 1回目,
 * #1, 6/12, 2025/6/12, 6月12日, 令和7年6月12日 (with anything after, like a weekday or a topic).
 */
const SESSION_HEADER = new RegExp(
  [
    String.raw`^第\d{1,2}回`,
    String.raw`^\d{1,2}回目`,
    String.raw`^#\d{1,2}\b`,
    String.raw`^session\s*\d{1,2}\b`,
    String.raw`^(\d{4}|令和\d{1,2}|r\d{1,2})[/.年-]\d{1,2}[/.月-]\d{1,2}`,
    String.raw`^\d{1,2}[/月]\d{1,2}(日|\b|\D)`,
  ].join('|'),
  'i',
)

export function isSessionHeader(header: string): boolean {
  return SESSION_HEADER.test(header.normalize('NFKC').trim())
}

/** The field a header names, or null. */
export function fieldOfHeader(header: string): ImportField | null {
  const known = BY_KEY.get(headerKey(header))
  if (known) return known
  return isSessionHeader(header) ? 'session' : null
}

/**
 * A first mapping from the headers: each field at most once (the first column naming it — a form's
 * 「メールアドレス（確認用）」 after 「メールアドレス」 is left out), any number of session columns.
 */
export function guessMapping(headers: string[]): ColumnMapping {
  const taken = new Set<ImportField>()
  return headers.map((header) => {
    const field = fieldOfHeader(header)
    if (!field || (field !== 'session' && taken.has(field))) return null
    taken.add(field)
    return field
  })
}

/** The key a remembered mapping is found by: the headers as compared, in order. */
export function mappingSignature(headers: string[]): string {
  return JSON.stringify(headers.map(headerKey))
}

/**
 * A mapping as posted back by the mapping form (one value per column: a field name or empty),
 * checked: unknown fields dropped, each field except `session` at most once (the first kept).
 */
export function cleanMapping(values: readonly (string | null | undefined)[], columns: number): ColumnMapping {
  const taken = new Set<ImportField>()
  return Array.from({ length: columns }, (_, i) => {
    const value = values[i]
    const field = IMPORT_FIELDS.find((f) => f === value) ?? null
    if (!field || (field !== 'session' && taken.has(field))) return null
    taken.add(field)
    return field
  })
}

/** What the mapping still lacks: every import needs the name. */
export function missingFields(mapping: ColumnMapping): ImportField[] {
  return mapping.includes('name') ? [] : ['name']
}

/** A column as a person names it: its header, or its letter (A, B, … AA) when the header is empty. */
export function columnLabel(headers: string[], index: number): string {
  const header = headers[index]?.trim()
  if (header) return header
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}
