/**
 * What the door says back about a code it could not find (docs/decisions/0039). A registration
 * code is 8 characters: a short entry is shown as typed, so a typo can be spotted. A longer one
 * (a slip's 32-digit QR token, another QR's contents, something pasted) is never shown in full,
 * neither on the page nor in the data sent to it: its first characters and its length,
 * 「ABCD…（32文字）」.
 */
export type CodeEcho = {
  /** The entry as typed (trimmed) when short, else its first CODE_ECHO_HEAD characters. */
  text: string
  /** Characters typed (after trimming). */
  length: number
  /** True when `text` is only the start of the entry. */
  cut: boolean
}

/** Entries of at most this many characters are shown whole. */
export const CODE_ECHO_MAX = 12
/** Characters shown of a longer entry. */
export const CODE_ECHO_HEAD = 4

export function echoCode(input: string): CodeEcho {
  const chars = [...input.trim()]
  const cut = chars.length > CODE_ECHO_MAX
  return { text: (cut ? chars.slice(0, CODE_ECHO_HEAD) : chars).join(''), length: chars.length, cut }
}
