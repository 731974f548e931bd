/**
 * The office's name as the app is configured with it: the display name of MAIL_FROM
 * (`産業振興課 セミナー受付 <seminar@city.example.jp>` → `産業振興課 セミナー受付`), the sender of
 * every message. Null when MAIL_FROM is a bare address.
 */
export function officeName(mailFrom: string): string | null {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<[^>]*>\s*$/.exec(mailFrom)
  const name = (match?.[1]?.replace(/\\(.)/g, '$1') ?? match?.[2] ?? '').trim()
  return name || null
}

/** The address of MAIL_FROM: the part in <…>, or the whole value when it is a bare address. */
export function mailAddress(mailFrom: string): string | null {
  const address = (/<([^>]*)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom).trim()
  return /^[^\s@<>"]+@[^\s@<>"]+$/.test(address) ? address : null
}

/**
 * Where people write to the office (accessibility problems, personal data requests), as the
 * accessibility policy and the privacy notice show it: CONTACT_EMAIL, else the address of MAIL_FROM.
 */
export function officeContact(config: { CONTACT_EMAIL?: string; MAIL_FROM: string }): string | null {
  return config.CONTACT_EMAIL ?? mailAddress(config.MAIL_FROM)
}
