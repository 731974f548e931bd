import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary, Field, FieldError, RadioChoices } from '~/components/field'
import { requireAccess } from '~/modules/accounts/access.server'
import { lotteryConsolePage, saveLotteryForm, type PriorityQuestion } from '~/modules/lottery/console.server'
import { drawLottery } from '~/modules/lottery/draw.server'
import { ALLOCATIONS, LotteryPageSchema, PRIORITY_ROWS, priorityValue } from '~/modules/lottery/forms'
import type { Priority } from '~/modules/lottery/method'
import { inLanguage } from '~/modules/questions/definitions'
import { db } from '~/utils/db.server'
import { badRequest, isAppError } from '~/utils/errors'
import type { Lang, T } from '~/utils/i18n'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta = titled('lottery.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return lotteryConsolePage(db(), seminarId)
}

type Reply = { intent: 'settings' | 'draw'; result: SubmissionResult<string[]> }

/** Saves the allocation and the lottery's settings, or draws the lottery now. */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const formData = await request.formData()
  const intent = formData.get('intent')
  // Only this page's two forms post here: anything else is not a person's typing.
  if (intent !== 'settings' && intent !== 'draw') throw badRequest()
  const submission = parseWithZod(formData, { schema: LotteryPageSchema })
  const reply = (result: Reply['result'], status: number) => data({ intent, result } satisfies Reply, { status })
  if (submission.status !== 'success') return reply(submission.reply(), 400)
  const form = submission.value
  try {
    if (form.intent === 'settings') {
      await saveLotteryForm(db(), seminarId, form, user.id)
      return redirect(`/console/seminars/${seminarId}/lottery?msg=lottery.saved`)
    }
    await drawLottery(db(), seminarId, { userId: user.id })
    return redirect(`/console/seminars/${seminarId}/lottery?msg=lottery.drawn`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return reply(submission.reply({ formErrors: [error.messageKey] }), error.status)
  }
}

const asDate = (v: Date | string) => new Date(v)

export default function SeminarLottery() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const t = useT()
  const lang = useLang()
  const lottery = page.lottery
  const drawn = Boolean(lottery?.drawnAt)
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${page.seminar.id}`}>← {page.seminar.title}</Link>
      </p>
      <h1>{t('lottery.title')}</h1>
      <p className="lead">{t('lottery.lead')}</p>
      {lottery && drawn ? (
        <DrawnLottery seminarId={page.seminar.id} lottery={lottery} questions={page.questions} />
      ) : (
        <>
          <h2>{t('lottery.settingsTitle')}</h2>
          <SettingsForm
            page={page}
            lastResult={reply?.intent === 'settings' ? reply.result : undefined}
            t={t}
            lang={lang}
          />
          {lottery ? (
            <>
              <h2>{t('lottery.commitmentTitle')}</h2>
              <p>{t('lottery.commitmentLead')}</p>
              <p>
                <code className="hash" data-testid="seed-hash">
                  {lottery.seedHash}
                </code>
              </p>
              <h2>{t('lottery.applicationsTitle')}</h2>
              <Applications modes={page.modes} t={t} />
              {page.seminar.status !== 'CANCELLED' ? (
                <DrawForm
                  drawAt={asDate(lottery.drawAt)}
                  lastResult={reply?.intent === 'draw' ? reply.result : undefined}
                  t={t}
                  lang={lang}
                />
              ) : null}
            </>
          ) : null}
        </>
      )}
    </section>
  )
}

/** A priority in words: 「市内在住・在勤」, 「初めての参加」, 「『ご職業』で「学生」と答えた方」. */
function priorityWords(p: Priority, questions: PriorityQuestion[], t: T, lang: Lang): string {
  if (p.kind !== 'ANSWER') return t(`lottery.priority.${p.kind}`)
  const q = questions.find((x) => x.id === p.questionId)
  const c = q?.choices.find((x) => x.key === p.value)
  if (!q || !c) return t('lottery.priority.removed')
  return t('lottery.priority.ANSWER', {
    question: inLanguage(lang, q.label, q.labelEn),
    choice: inLanguage(lang, c.label, c.labelEn),
  })
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>

function SettingsForm({
  page,
  lastResult,
  t,
  lang,
}: {
  page: Page
  lastResult: SubmissionResult<string[]> | undefined
  t: T
  lang: Lang
}) {
  const lottery = page.lottery
  // Once people applied, the priorities stay as announced (LOTTERY_RULES_FIXED): shown, sent as they are.
  const prioritiesFixed = Boolean(lottery) && page.applied > 0
  const stored = lottery?.priorities ?? []
  const [form, fields] = useForm<{ allocation: string; drawAt: string; confirmHours: string; priorities: string[] }>({
    id: 'lottery-settings',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
    defaultValue: {
      allocation: lottery ? 'LOTTERY' : 'FIRST_COME',
      drawAt: lottery?.drawAtInput ?? '',
      confirmHours: lottery?.confirmHours ? String(lottery.confirmHours) : '',
      priorities: Array.from({ length: PRIORITY_ROWS }, (_, i) => (stored[i] ? priorityValue(stored[i]) : '')),
    },
  })
  const rows = fields.priorities.getFieldList()
  const rowErrors = rows.map((row, i) => ({
    id: `${fields.priorities.id}-${i}`,
    label: t('lottery.priorityRow', { n: i + 1 }),
    errors: row.errors,
  }))
  return (
    <Form method="post" {...getFormProps(form)} className="form panel" noValidate>
      <input type="hidden" name="intent" value="settings" />
      <ErrorSummary
        id={form.errorId}
        formErrors={form.errors?.map((k) => (t.has(k) ? t(k) : k))}
        fields={[
          { id: fields.allocation.id, label: t('lottery.allocation'), errors: fields.allocation.errors },
          { id: fields.drawAt.id, label: t('lottery.drawAt'), errors: fields.drawAt.errors },
          { id: fields.confirmHours.id, label: t('lottery.confirmHours'), errors: fields.confirmHours.errors },
          ...rowErrors,
        ]}
        t={t}
      />
      <RadioChoices
        meta={fields.allocation}
        legend={t('lottery.allocation')}
        values={ALLOCATIONS}
        label={(allocation) => t(`lottery.allocation.${allocation}`)}
        t={t}
      />
      <p className="hint">{t('lottery.allocationHint')}</p>
      <Field
        id={fields.drawAt.id}
        label={t('lottery.drawAt')}
        hint={t('lottery.drawAtHint', {
          opensAt: formatDateTime(asDate(page.seminar.registrationOpensAt), lang),
          closesAt: formatDateTime(asDate(page.seminar.registrationClosesAt), lang),
        })}
        hintId="draw-at-hint"
        errorId={fields.drawAt.errorId}
        errors={fields.drawAt.errors}
        t={t}
      >
        <input {...getInputProps(fields.drawAt, { type: 'datetime-local' })} aria-describedby="draw-at-hint" />
      </Field>
      <Field
        id={fields.confirmHours.id}
        label={t('lottery.confirmHours')}
        hint={t('lottery.confirmHoursHint')}
        hintId="confirm-hours-hint"
        errorId={fields.confirmHours.errorId}
        errors={fields.confirmHours.errors}
        t={t}
      >
        <input
          {...getInputProps(fields.confirmHours, { type: 'text' })}
          inputMode="numeric"
          maxLength={8}
          aria-describedby="confirm-hours-hint"
        />
      </Field>
      <fieldset className="field" id={fields.priorities.id}>
        <legend>{t('lottery.priorities')}</legend>
        <p className="hint">{t('lottery.prioritiesHint')}</p>
        {prioritiesFixed ? (
          <>
            {stored.length ? (
              <ol>
                {stored.map((p, i) => (
                  <li key={i}>
                    {priorityWords(p, page.questions, t, lang)}
                    <input type="hidden" name={`${fields.priorities.name}[${i}]`} value={priorityValue(p)} />
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t('lottery.noPriorities')}</p>
            )}
            <p className="hint">{t('lottery.prioritiesFixed')}</p>
          </>
        ) : (
          Array.from({ length: PRIORITY_ROWS }, (_, i) => {
            const row = rows[i]
            const id = `${fields.priorities.id}-${i}`
            const errorId = `${id}-error`
            return (
              <div className={`field${row?.errors?.length ? ' field-invalid' : ''}`} key={i}>
                <label htmlFor={id}>{t('lottery.priorityRow', { n: i + 1 })}</label>
                <select
                  id={id}
                  name={`${fields.priorities.name}[${i}]`}
                  defaultValue={typeof row?.initialValue === 'string' ? row.initialValue : ''}
                  aria-describedby={errorId}
                  aria-invalid={row?.errors?.length ? true : undefined}
                  key={row?.key}
                >
                  <option value="">{t('lottery.priority.none')}</option>
                  <option value="IN_CITY">{t('lottery.priority.IN_CITY')}</option>
                  <option value="FIRST_TIME">{t('lottery.priority.FIRST_TIME')}</option>
                  {page.questions.map((q) => (
                    <optgroup key={q.id} label={inLanguage(lang, q.label, q.labelEn)}>
                      {q.choices.map((c) => (
                        <option key={c.key} value={`ANSWER:${q.id}:${c.key}`}>
                          {priorityWords({ kind: 'ANSWER', questionId: q.id, value: c.key }, page.questions, t, lang)}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
                <FieldError id={errorId} errors={row?.errors} t={t} />
              </div>
            )
          })
        )}
      </fieldset>
      <p>
        <button type="submit" className="button button-primary">
          {t('lottery.save')}
        </button>
      </p>
    </Form>
  )
}

function Applications({ modes, t }: { modes: Page['modes']; t: T }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('lottery.applicationsTitle')}>
      <table className="data" aria-label={t('lottery.applicationsTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('lottery.mode')}</th>
            <th scope="col">{t('lottery.applications')}</th>
            <th scope="col">{t('lottery.freeSeats')}</th>
          </tr>
        </thead>
        <tbody>
          {modes.map((m) => (
            <tr key={m.mode}>
              <th scope="row">{t(`mode.${m.mode}`)}</th>
              <td data-testid={`applications-${m.mode}`}>{m.applications}</td>
              <td>{m.free ?? t('seminar.unlimited')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function DrawForm({
  drawAt,
  lastResult,
  t,
  lang,
}: {
  drawAt: Date
  lastResult: SubmissionResult<string[]> | undefined
  t: T
  lang: Lang
}) {
  const [form, fields] = useForm<{ confirm: string }>({
    id: 'lottery-draw',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form panel" noValidate>
      <input type="hidden" name="intent" value="draw" />
      <h2>{t('lottery.drawTitle')}</h2>
      <ErrorSummary
        id={form.errorId}
        formErrors={form.errors?.map((k) => (t.has(k) ? t(k) : k))}
        fields={[{ id: fields.confirm.id, label: t('lottery.drawConfirm'), errors: fields.confirm.errors }]}
        t={t}
      />
      <p>{t('lottery.drawLead', { drawAt: formatDateTime(drawAt, lang) })}</p>
      <div className={`field${fields.confirm.errors?.length ? ' field-invalid' : ''}`}>
        <label className="choice">
          <input {...getInputProps(fields.confirm, { type: 'checkbox' })} aria-describedby={fields.confirm.errorId} />{' '}
          {t('lottery.drawConfirm')}
        </label>
        <FieldError id={fields.confirm.errorId} errors={fields.confirm.errors} t={t} />
      </div>
      <p>
        <button type="submit" className="button button-primary">
          {t('lottery.drawNow')}
        </button>
      </p>
    </Form>
  )
}

function DrawnLottery({
  seminarId,
  lottery,
  questions,
}: {
  seminarId: string
  lottery: NonNullable<Page['lottery']>
  questions: PriorityQuestion[]
}) {
  const t = useT()
  const lang = useLang()
  const results = lottery.results
  return (
    <>
      <h2>{t('lottery.resultTitle')}</h2>
      <dl className="facts">
        <dt>{t('lottery.drawnAt')}</dt>
        <dd>{formatDateTime(asDate(lottery.drawnAt!), lang)}</dd>
        <dt>{t('lottery.drawnBy')}</dt>
        <dd>{lottery.drawnBy ?? t('lottery.drawnAutomatically')}</dd>
        <dt>{t('lottery.priorities')}</dt>
        <dd>
          {lottery.priorities.length
            ? lottery.priorities.map((p) => priorityWords(p, questions, t, lang)).join(t('lottery.then'))
            : t('lottery.noPriorities')}
        </dd>
        <dt>{t('lottery.seedHash')}</dt>
        <dd>
          <code className="hash">{lottery.seedHash}</code>
        </dd>
        <dt>{t('lottery.seed')}</dt>
        <dd>
          <code className="hash" data-testid="seed">
            {lottery.seed}
          </code>
        </dd>
        <dt>{t('lottery.method')}</dt>
        <dd>
          <code>{lottery.method}</code>
          <p className="hint">{t('lottery.methodDescription')}</p>
        </dd>
        {results ? (
          <>
            <dt>{t('lottery.results')}</dt>
            <dd data-testid="results">
              {t('lottery.won', { count: results.won })} · {t('lottery.waitlisted', { count: results.waitlisted })} ·{' '}
              {t('lottery.notSelected', { count: results.notSelected })}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/console/seminars/${seminarId}/lottery.json`} download>
          {t('lottery.download')}
        </a>
      </p>
      <p className="hint">{t('lottery.verifyHint')}</p>
    </>
  )
}
