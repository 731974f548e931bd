import Bowser from 'bowser'

/**
 * A sign-in's device as staff recognise it — 「Chrome（Windows）」, 「Safari（iPhone）」 — from its
 * stored User-Agent, read by bowser rather than by hand-written patterns. Server-only: the
 * parser stays out of the pages' scripts, and the raw string never reaches the page.
 */
export type Device = { browser: string | null; system: string | null }

export function deviceOf(userAgent: string | null | undefined): Device {
  if (!userAgent) return { browser: null, system: null }
  const parsed = Bowser.parse(userAgent)
  // An iPhone or iPad is named as such (what people call it), not 「iOS」.
  const model = parsed.platform.vendor === 'Apple' ? parsed.platform.model : undefined
  return { browser: parsed.browser.name || null, system: model || parsed.os.name || null }
}
