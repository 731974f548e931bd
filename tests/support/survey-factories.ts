import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { answerWords, parseChoices, type AnswerValue, type QuestionKind } from '~/modules/questions/definitions'
import { register } from '~/modules/registration/registrations.server'
import { participant } from './factories'

/*
 * Survey rows written directly, as the survey's sending and answering pages would leave them
 * (docs/decisions/0047-surveys.md): results and rates are read from these tables only.
 */

export async function addSurvey(db: Db, seminarId: string, options: { anonymous?: boolean } = {}) {
  return db.survey.create({ data: { seminarId, enabled: true, anonymous: options.anonymous ?? false } })
}

let position = 0
export async function addSurveyQuestion(
  db: Db,
  seminarId: string,
  q: { kind: QuestionKind; label: string; choices?: string[]; labelEn?: string },
) {
  const row = await db.question.create({
    data: {
      seminarId,
      form: 'SURVEY',
      position: ++position,
      kind: q.kind,
      label: q.label,
      labelEn: q.labelEn ?? null,
      choices: JSON.stringify((q.choices ?? []).map((label, i) => ({ key: `c${i + 1}`, label, labelEn: null }))),
    },
  })
  return { ...row, kind: q.kind, parsedChoices: parseChoices(row.choices) }
}

/** A registration of the seminar (confirmed), as someone who attended and was asked. */
export async function surveyAttendee(db: Db, seminarId: string, now: Date, overrides: Record<string, unknown> = {}) {
  return register(db, { seminarId, ...participant(overrides) }, now)
}

export async function addInvitation(db: Db, surveyId: string, registrationId: string, now: Date) {
  return db.surveyInvitation.create({
    data: { surveyId, registrationId, invitedAt: now, closesAt: new Date(now.getTime() + 14 * 86_400_000) },
  })
}

type Asked = { id: string; kind: QuestionKind; label: string; parsedChoices: ReturnType<typeof parseChoices> }

/**
 * A filled-in survey: named by its invitation (marked answered) unless the survey is anonymous, in
 * which case its id is random and it names nobody.
 */
export async function addResponse(
  db: Db,
  input: {
    surveyId: string
    invitationId?: string | null
    answeredOn: Date
    answers: [Asked, AnswerValue][]
    sessionId?: string | null
  },
) {
  if (input.invitationId) {
    await db.surveyInvitation.update({ where: { id: input.invitationId }, data: { answered: true } })
  }
  return db.surveyResponse.create({
    data: {
      id: crypto.randomBytes(16).toString('base64url'),
      surveyId: input.surveyId,
      invitationId: input.invitationId ?? null,
      sessionId: input.sessionId ?? null,
      answeredOn: input.answeredOn,
      answers: {
        create: input.answers.map(([q, value]) => ({
          questionId: q.id,
          value: JSON.stringify(value),
          text: answerWords({ kind: q.kind, choices: q.parsedChoices }, value, 'ja'),
          questionLabel: q.label,
        })),
      },
    },
  })
}
