/*
 * Completion (修了) of a series: the rule and the pure decision (docs/decisions/0050-completion-rules.md).
 * Whether one session counts as attended is decided elsewhere, by the one rule every figure uses
 * (isCounted in app/modules/indicators/tally.server.ts, docs/domain.md#what-counts-as-attended).
 */

export type CompletionRule = {
  /** At least this many sessions attended; null: every session of the seminar (the default). */
  minSessions: number | null
  /** The numbers (第N回) of the sessions that must be attended whatever the count (必須回). */
  requiredNumbers: number[]
  /** The seminar's sessions (全N回). */
  sessionCount: number
  /** Sessions to attend: minSessions, or every session for the default rule. */
  needed: number
}

export type SessionAttended = { number: number; attended: boolean }

/** The rule of a seminar from its saved fields and its sessions. */
export function completionRule(
  minSessions: number | null,
  sessions: { number: number; requiredForCompletion: boolean }[],
): CompletionRule {
  return {
    minSessions,
    requiredNumbers: sessions
      .filter((s) => s.requiredForCompletion)
      .map((s) => s.number)
      .sort((a, b) => a - b),
    sessionCount: sessions.length,
    needed: minSessions ?? sessions.length,
  }
}

/**
 * Completed: at least `needed` sessions attended and every required one among them. A seminar
 * without sessions completes nobody, and neither does a rule asking more sessions than there are
 * (the forms refuse one; a rule left so by other means completes nobody rather than everybody).
 */
export function isCompleted(rule: CompletionRule, sessions: SessionAttended[]): boolean {
  if (rule.sessionCount === 0 || rule.needed < 1 || rule.needed > rule.sessionCount) return false
  const attended = new Set(sessions.filter((s) => s.attended).map((s) => s.number))
  if (attended.size < rule.needed) return false
  return rule.requiredNumbers.every((n) => attended.has(n))
}

/** Why a completion rule cannot be saved for a seminar of `sessionCount` sessions (null: it can). */
export function ruleTooLarge(minSessions: number | null, sessionCount: number): boolean {
  return minSessions !== null && minSessions > sessionCount
}
