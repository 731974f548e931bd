import type { AnswerShown } from '~/modules/questions/questions.server'
import type { T } from '~/utils/i18n'

/**
 * A registration's answers to the seminar's questions, as they were given: a question changed
 * since shows the words it had then, one taken off the form says so.
 */
export function AnswerList({ answers, t }: { answers: AnswerShown[]; t: T }) {
  if (!answers.length) return null
  return (
    <dl className="facts answers-list">
      {answers.map((a) => (
        <div key={a.questionId}>
          <dt>
            {a.label}
            {a.retired ? t('questions.retiredMark') : null}
            {a.labelWhenAnswered ? (
              <div className="muted">{t('questions.answeredAs', { label: a.labelWhenAnswered })}</div>
            ) : null}
          </dt>
          <dd className="answer-text">{a.text}</dd>
        </div>
      ))}
    </dl>
  )
}
