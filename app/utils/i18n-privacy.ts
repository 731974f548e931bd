/** UI strings of personal-data hardening (issue 14, points 8–12; merged into i18n.ts). */
export const privacyJa = {
  'field.controlChars': '改行や制御文字は使えません。1行で入力してください。',
  'field.noLinks': 'URLやドメイン名（例: example.com）は入力できません。',
  'checkin.searchTooShort': '2文字以上で検索してください。',
  'checkin.tooManyResults': '該当が{count}件を超えています。文字を増やして絞り込んでください。',
  'checkin.outcome.RATE_LIMITED': '受付番号の入力が続けて多すぎます。しばらく待ってから、もう一度お試しください。',
} as const

export const privacyEn: Record<keyof typeof privacyJa, string> = {
  'field.controlChars': 'Line breaks and control characters are not allowed. Enter one line.',
  'field.noLinks': 'Web addresses and domain names (such as example.com) are not allowed.',
  'checkin.searchTooShort': 'Enter at least 2 characters to search.',
  'checkin.tooManyResults': 'More than {count} people match. Type more to narrow the search.',
  'checkin.outcome.RATE_LIMITED': 'Too many codes were tried in a row. Wait a moment and try again.',
}
