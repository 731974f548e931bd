import { z } from 'zod'
import { answersSchema, type AskedQuestion } from '~/modules/questions/definitions'

/** The participant's survey form (docs/decisions/0047-surveys.md): the survey's questions, `answers.<question id>`. */
export function surveyAnswerSchema(questions: AskedQuestion[]) {
  return z.object({ answers: answersSchema(questions) })
}
