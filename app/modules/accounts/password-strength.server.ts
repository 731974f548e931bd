import { createRequire } from 'node:module'
import type { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { AppError } from '~/utils/errors'

/*
 * New passwords are checked against zxcvbn-ts's list of common passwords and against words from
 * their context: the product's name, the email address and its parts, the person's name
 * (docs/decisions/0020). The length rule (password-rules.ts) is checked before this.
 */

const PRODUCT_WORDS = ['jisseki', '実績', 'じっせき', 'ジッセキ']

let factory: ZxcvbnFactory | undefined
/**
 * Loaded on the first new password, not at start: the common-password dictionary is unpacked when
 * its module loads (about 0.5 s of CPU), and most processes never check a password.
 */
function zxcvbn(): ZxcvbnFactory {
  if (factory) return factory
  const load = createRequire(import.meta.url)
  const { ZxcvbnFactory: Factory } = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core')
  const common = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')
  factory = new Factory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs })
  return factory
}

/** The words a password must not be made of, for one person. */
export function contextWords(person: { email?: string | null; name?: string | null }): string[] {
  const words = new Set(PRODUCT_WORDS)
  const email = (person.email ?? '').trim().toLowerCase()
  if (email) {
    words.add(email)
    for (const part of email.split(/[@.+_-]+/)) if (part.length >= 3) words.add(part)
  }
  const name = (person.name ?? '').trim().toLowerCase()
  if (name) {
    words.add(name.replace(/\s+/g, ''))
    for (const part of name.split(/[\s・,.]+/)) if (part.length >= 2) words.add(part)
  }
  return [...words]
}

/**
 * How many characters of the password are covered by context words, wherever they occur. Counted
 * by plain search rather than from zxcvbn's own split of the password, which prefers the
 * common-password list for a word that is in both ("admin" in "jisseki-admin-2026").
 */
function contextCovered(lowered: string, words: string[]): number {
  const covered = new Array<boolean>(lowered.length).fill(false)
  for (const word of words) {
    if (!word) continue
    for (let at = lowered.indexOf(word); at >= 0; at = lowered.indexOf(word, at + 1))
      for (let i = at; i < at + word.length; i++) covered[i] = true
  }
  return covered.filter(Boolean).length
}

/** zxcvbn's score 3 ("safely unguessable", about 10^8 guesses) is the least accepted. */
const MIN_SCORE = 3

/**
 * Why a new password is refused: 'common' (in the common-password list, or too easy to guess),
 * 'context' (half or more of it is the product's name, the email or the name), or null.
 */
export function passwordWeakness(
  password: string,
  person: { email?: string | null; name?: string | null } = {},
): 'common' | 'context' | null {
  const words = contextWords(person)
  const result = zxcvbn().check(password, words)
  const lowered = password.toLowerCase()
  if (contextCovered(lowered, words) * 2 >= password.length) return 'context'
  const wholeIsCommon =
    result.sequence.length === 1 &&
    (result.sequence[0] as { dictionaryName?: string }).dictionaryName === 'passwords-common'
  if (wholeIsCommon || result.score < MIN_SCORE || lowered.trim().length === 0) return 'common'
  return null
}

/** Throws PASSWORD_COMMON or PASSWORD_CONTEXT for a password that passwordWeakness refuses. */
export function assertStrongPassword(password: string, person: { email?: string | null; name?: string | null }) {
  const weakness = passwordWeakness(password, person)
  if (weakness === 'common') throw new AppError('PASSWORD_COMMON')
  if (weakness === 'context') throw new AppError('PASSWORD_CONTEXT')
}
