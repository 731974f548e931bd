/** Identity rules that make people and organizations countable across seminars (実人数, 社数). */

/** Full-width to half-width, trimmed, lower-case: the same mailbox typed two ways is one person. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase()
}

/** Corporate number as 13 ASCII digits, or null when it is not 13 digits after normalizing. */
export function normalizeCorporateNumber(input: string): string | null {
  const digits = input.normalize('NFKC').replace(/[\s-]/g, '')
  return /^\d{13}$/.test(digits) ? digits : null
}

/**
 * 法人番号 check digit (the first of the 13 digits): 9 − (Σ Pn × Qn mod 9), where Pn is the n-th
 * digit of the 12-digit base counted from the right and Qn is 1 for odd n, 2 for even n.
 */
export function isValidCorporateNumber(input: string): boolean {
  const digits = normalizeCorporateNumber(input)
  if (!digits) return false
  const base = digits.slice(1)
  let sum = 0
  for (let n = 1; n <= 12; n++) {
    const p = Number(base[12 - n])
    sum += p * (n % 2 === 1 ? 1 : 2)
  }
  return Number(digits[0]) === 9 - (sum % 9)
}

const LEGAL_FORMS = [
  '株式会社',
  '有限会社',
  '合同会社',
  '合資会社',
  '合名会社',
  '一般社団法人',
  '公益社団法人',
  '一般財団法人',
  '公益財団法人',
  '特定非営利活動法人',
  'npo法人',
  '(株)',
  '(有)',
  '(同)',
  '㈱',
  '㈲',
]

/** Organization name without legal form, spaces or width differences: 株式会社Ａ and (株)A match. */
export function normalizeOrganizationName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase()
  for (const form of LEGAL_FORMS) s = s.split(form.normalize('NFKC')).join('')
  return s.replace(/[\s・.,、。]/g, '')
}

/** Key under which an organization is counted once: corporate number first, else its name. */
export function organizationIdentityKey(name: string | null, corporateNumber: string | null): string | null {
  if (corporateNumber) return `cn:${corporateNumber}`
  const normalized = name ? normalizeOrganizationName(name) : ''
  return normalized ? `name:${normalized}` : null
}

/** Katakana to hiragana, width and spaces folded: やまだ, ヤマダ and ﾔﾏﾀﾞ are one reading. */
export function normalizeKana(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000・]/g, '')
}

/**
 * A telephone number as its digits: 03-1234-5678, ０３（１２３４）５６７８ and +81 3-1234-5678 match
 * (a Japanese number written internationally is written as dialled at home).
 */
export function normalizePhone(phone: string): string {
  const s = phone.normalize('NFKC').trim()
  const digits = s.replace(/\D/g, '')
  if (s.startsWith('+81')) return `0${digits.slice(2)}`
  return (s.startsWith('+') ? '+' : '') + digits
}

/**
 * Who a registration is for, as one key: the normalized email, or — for someone who applied by
 * phone or on paper without one — name, furigana and organization (else phone). Two applications
 * with the same key are the same person (実人数) and cannot both hold a seat of one seminar. Null
 * when there is no email and neither organization nor phone to tell namesakes apart.
 */
export function personKey(person: {
  email?: string | null
  name: string
  furigana?: string | null
  organizationName?: string | null
  phone?: string | null
}): string | null {
  if (person.email?.trim()) return normalizeEmail(person.email)
  const organization = person.organizationName ? normalizeOrganizationName(person.organizationName) : ''
  const phone = person.phone ? normalizePhone(person.phone) : ''
  if (!organization && !phone) return null
  const name = person.name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]/g, '')
  const reading = normalizeKana(person.furigana ?? '')
  // JSON keeps the parts apart whatever they hold (a "|" in a name cannot shift them).
  return `contact:${JSON.stringify([name, reading, organization ? `org:${organization}` : `tel:${phone}`])}`
}
