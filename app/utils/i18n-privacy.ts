/** UI strings of personal-data hardening (issue 14, points 8–12; merged into i18n.ts). */
export const privacyJa = {
  'field.controlChars': '改行や制御文字は使えません。1行で入力してください。',
  'field.noLinks': 'URLやドメイン名（例: example.com）は入力できません。',
  'checkin.searchTooShort': '2文字以上で検索してください。',
  'checkin.tooManyResults': '該当が{count}件を超えています。文字を増やして絞り込んでください。',
  'checkin.outcome.RATE_LIMITED': '受付番号の入力が続けて多すぎます。しばらく待ってから、もう一度お試しください。',
  'registered.title': 'お申込みを受け付けました',
  'registered.lead':
    'ご入力いただいたメールアドレスに、お申込みの結果と、お申込み内容の確認・キャンセル用のリンクをお送りしました。',
  'registered.slip':
    '参加が確定した方には、メールで受付票（QRコード）と受付番号をお送りしています。当日は受付でお示しください。',
  'registered.noMail':
    'メールが届かない場合は、迷惑メールのフォルダもご確認ください。それでも見当たらない場合は、主催者までお問い合わせください。',
  'registered.back': 'セミナーの詳細へ戻る',
  'mail.kind.ALREADY_REGISTERED': 'お申込み済みのご案内',
} as const

export const privacyEn: Record<keyof typeof privacyJa, string> = {
  'field.controlChars': 'Line breaks and control characters are not allowed. Enter one line.',
  'field.noLinks': 'Web addresses and domain names (such as example.com) are not allowed.',
  'checkin.searchTooShort': 'Enter at least 2 characters to search.',
  'checkin.tooManyResults': 'More than {count} people match. Type more to narrow the search.',
  'checkin.outcome.RATE_LIMITED': 'Too many codes were tried in a row. Wait a moment and try again.',
  'registered.title': 'Your registration form was received',
  'registered.lead':
    'We have sent the result of your registration and a link to view or cancel it to the email address you entered.',
  'registered.slip':
    'If your seat is confirmed, the email carries your reception slip (QR code) and code. Please show it at the reception.',
  'registered.noMail':
    'If no email arrives, please check your spam folder. If you still cannot find it, contact the organizer.',
  'registered.back': 'Back to the seminar',
  'mail.kind.ALREADY_REGISTERED': 'Already registered',
}
