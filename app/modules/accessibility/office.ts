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
