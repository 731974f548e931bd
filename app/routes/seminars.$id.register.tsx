import crypto from 'node:crypto'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { PublicRegistrationForm } from '~/components/registration/public-form'
import { localized, SessionTime } from '~/components/seminar-bits'
import { registrationFormSchema } from '~/modules/registration/form-schema'
import { honeypotFilled } from '~/modules/registration/honeypot'
import { groupRefusalReply, isGroupRefusal } from '~/modules/registration/group.server'
import { registerFromPublicPage, registrationFormPage } from '~/modules/registration/public-registration.server'
import { askedQuestions } from '~/modules/questions/questions.server'
import { retryAfterMinutes } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { translator } from '~/utils/i18n.server'
import { clientAddress, getLang } from '~/utils/request.server'
import { replyWithAppError, requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? 'Jisseki' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { seminar, questions } = await registrationFormPage(db(), requireParam(params, 'id'))
  const lang = getLang(request)
  const t = translator(lang)
  // A fresh key per rendered form: submitting the same form twice creates one registration.
  return {
    seminar,
    questions,
    submissionKey: crypto.randomUUID(),
    pageTitle: `${t('form.title')}: ${localized(lang, seminar.title, seminar.titleEn)} | ${t('site.name')}`,
  }
}

// The Retry-After of a rate-limited submission reaches the page's response only through here.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const lang = getLang(request)
  const formData = await request.formData()
  // The schema holds the seminar's own questions (answers.<id>): their answers are checked with the rest.
  const questions = await askedQuestions(db(), seminarId, 'REGISTRATION')
  const submission = parseWithZod(formData, { schema: registrationFormSchema(lang, questions) })
  // A filled honeypot is a script: refused openly, nothing stored, nothing counted.
  if (honeypotFilled(formData)) return data(submission.reply({ formErrors: ['errors.FORM_REFUSED'] }), { status: 400 })
  // "Add a person" and "remove" (Conform's list intents) come back with the form one person longer
  // or shorter, everything typed kept; they are not refusals.
  if (submission.status !== 'success') {
    return data(submission.reply(), { status: submission.status === 'error' ? 400 : 200 })
  }
  try {
    // New, sent twice, or already registered (then the link is mailed to that address): one answer.
    const refusal = await registerFromPublicPage(db(), {
      seminarId,
      form: submission.value,
      language: lang,
      address: clientAddress(request, context),
      questions,
    })
    if (refusal) {
      // The reply keeps what was typed: the person sends the same form again later.
      const key = refusal.reason === 'email' ? 'errors.RATE_LIMITED_EMAIL' : 'errors.RATE_LIMITED_ADDRESS'
      return data(
        { ...submission.reply({ formErrors: [key] }), retryAfterMinutes: retryAfterMinutes(refusal.retryAfterSeconds) },
        { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds) } },
      )
    }
  } catch (error) {
    if (isGroupRefusal(error)) {
      // Who is already registered or named twice, or how many seats are left: nothing was written.
      const { formErrors, fieldErrors, ...counts } = groupRefusalReply(error, submission.value.members.length + 1)
      return data({ ...submission.reply({ formErrors, fieldErrors }), ...counts }, { status: error.status })
    }
    if (!isAppError(error)) throw error
    return replyWithAppError(submission, error)
  }
  return redirect(`/seminars/${encodeURIComponent(seminarId)}/registered`)
}

export default function RegisterPage() {
  const { seminar, questions, submissionKey } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const { state } = seminar.availability
  // A lottery whose draw is due takes no more applications (docs/decisions/0049-lottery.md).
  const { lottery: draw } = seminar
  const awaitingDraw = draw !== null && draw.drawnAt === null && !draw.applicationsOpen
  const canRegister = seminar.availability.canRegister && !awaitingDraw
  const title = localized(lang, seminar.title, seminar.titleEn)

  return (
    <article className="register">
      <p>
        <Link to={`/seminars/${seminar.id}`}>← {title}</Link>
      </p>
      <h1>{t('form.title')}</h1>
      <section className="panel summary">
        <h2>{title}</h2>
        <ul className="sessions compact">
          {seminar.sessions.map((s) => (
            <li key={s.id}>
              <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
            </li>
          ))}
        </ul>
      </section>
      {!canRegister ? (
        <p className="notice" role="alert">
          {awaitingDraw && seminar.availability.canRegister
            ? t('lotteryEntry.awaitingDraw')
            : state === 'NOT_YET_OPEN'
              ? t('errors.REGISTRATION_NOT_OPEN')
              : state === 'FULL'
                ? t('seminar.fullNoWaitlist')
                : t('seminar.closed')}
        </p>
      ) : (
        <PublicRegistrationForm
          seminar={seminar}
          questions={questions}
          submissionKey={submissionKey}
          lastResult={lastResult}
        />
      )}
    </article>
  )
}
