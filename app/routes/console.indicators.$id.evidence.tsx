import { roleMay } from '~/modules/accounts/permissions'
import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { SessionTime } from '~/components/seminar-bits'
import { fiscalYearLabel, formatDate, formatDateTime } from '~/utils/time'
import { evidencePage } from '~/modules/indicators/evidence.server'
import { requestedFiscalYear } from '~/modules/exports/download.server'
import { signedNumber } from '~/modules/indicators/signed-number'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'
import { SATISFACTION_WORDS } from '~/modules/questions/definitions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.evidenceTitle') }]

/**
 * The seminars and sessions behind an actual and, for unique counts, the distinct persons or
 * organizations it counts; names and attendance records for those who may read personal data.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const mayReadRecords = roleMay(user.role, 'personal-data.export')
  return evidencePage(db(), requireParam(params, 'id'), requestedFiscalYear(request), mayReadRecords)
}

type SurveyEvidenceData = NonNullable<Awaited<ReturnType<typeof loader>>['survey']>

/** The responses behind a survey rate, seminar by seminar, with the numerator and denominator. */
function SurveyEvidence({ survey }: { survey: SurveyEvidenceData }) {
  const t = useT()
  const lang = useLang()
  const satisfaction = survey.rule === 'SATISFACTION_RATE'
  return (
    <>
      <h2 id="evidence-survey">{t('evidence.surveyTitle')}</h2>
      <p className="muted">
        {satisfaction
          ? t('evidence.surveyLeadSatisfaction', { n: survey.topPoints ?? 2 })
          : t('evidence.surveyLeadResponse')}
      </p>
      <p>
        <strong data-testid="evidence-total">
          {t('evidence.surveyTotal', {
            numerator: survey.numerator,
            denominator: survey.denominator,
            rate: survey.rate === null ? '－' : survey.rate.toFixed(1),
          })}
        </strong>
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="evidence-survey">
        <table className="data" aria-labelledby="evidence-survey">
          <thead>
            <tr>
              <th scope="col">{t('console.field.title')}</th>
              <th scope="col">{t('surveyResults.invitations')}</th>
              <th scope="col">{t('surveyResults.responses')}</th>
              <th scope="col">{t('evidence.numerator')}</th>
              <th scope="col">{t('evidence.denominator')}</th>
            </tr>
          </thead>
          <tbody>
            {survey.seminars.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/console/seminars/${s.id}/survey/results`}>{s.title}</Link>
                  <div className="muted">{formatDate(new Date(s.startsAt), lang)}</div>
                </th>
                <td className="num">{s.invitations}</td>
                <td className="num">{s.responses}</td>
                <td className="num">{s.numerator}</td>
                <td className="num">{s.denominator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {survey.seminars
        .filter((s) => s.rows.length > 0)
        .map((s) => (
          <details key={s.id}>
            <summary>
              {t('evidence.surveyRows', { title: s.title, count: s.rows.length })}
              {s.anonymous ? ` ${t('evidence.anonymousSurvey')}` : ''}
            </summary>
            <ul>
              {s.rows.map((r, k) => (
                <li key={k}>
                  {k + 1}. {r.name ?? t('evidence.respondent')}
                  {r.answeredOn ? ` — ${formatDate(new Date(r.answeredOn), lang)}` : ''}
                  {r.point !== null ? ` — ${SATISFACTION_WORDS[r.point]?.[lang] ?? r.point}` : ''}
                  {r.counted ? ` — ${t('evidence.inNumerator')}` : ''}
                </li>
              ))}
            </ul>
          </details>
        ))}
    </>
  )
}

type CompletersData = NonNullable<Awaited<ReturnType<typeof loader>>['completers']>

/** Who completed, seminar by seminar (修了者数); names only for those who may read personal data. */
function CompletersEvidence({ completers, unit }: { completers: CompletersData; unit: string }) {
  const t = useT()
  const lang = useLang()
  return (
    <>
      <h2 id="evidence-completers">{t('evidence.completersTitle')}</h2>
      <p className="muted">{t('evidence.completersLead')}</p>
      <p>
        <strong data-testid="evidence-total">
          {t('evidence.total')}: {completers.total} {unit}
        </strong>
      </p>
      {completers.seminars.map((s) => (
        <div key={s.seminarId} className="table-wrap" tabIndex={0} role="region" aria-label={s.title}>
          <table className="data" aria-label={s.title}>
            <caption>
              <Link to={`/console/seminars/${s.seminarId}`}>{s.title}</Link>{' '}
              {t('evidence.completersOfSeminar', {
                sessions: s.sessionCount,
                needed: s.rule.needed,
                date: formatDate(new Date(s.lastSessionStartsAt), lang),
                count: s.people.length,
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('console.code')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('completion.rosterColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {s.people.map((p, k) => (
                <tr key={p.registrationId}>
                  <td className="num">{k + 1}</td>
                  <td>
                    <code>{p.code}</code>
                  </td>
                  <td>{p.anonymized ? t('evidence.anonymized') : (p.name ?? '')}</td>
                  <td className="words">{p.anonymized ? '' : (p.organizationName ?? '')}</td>
                  <td className="num">
                    {p.attendedCount}/{s.rule.needed}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  )
}

export default function Evidence() {
  const { fiscalYear, fromYear, indicator, sessions, members, survey, completers, mayReadRecords, closed } =
    useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const personTimes = sessions.reduce((sum, s) => sum + s.personTimes, 0)
  return (
    <section>
      <p>
        <Link to={`/console/indicators?fy=${fiscalYear}`}>← {t('ind.title')}</Link>
      </p>
      <p>
        <a href={`/console/indicators/${indicator.id}/evidence.csv?fy=${fiscalYear}`} download>
          {t('evidence.downloadCsv')}
        </a>
      </p>
      <h1>
        {t('ind.evidenceTitle')}: {indicator.name} {fiscalYearLabel(fiscalYear, lang)}
      </h1>
      <p className="muted">
        {t(`ind.rule.${indicator.rule}`)}
        {fromYear !== fiscalYear
          ? ` — ${t('evidence.range', { from: fiscalYearLabel(fromYear, lang), to: fiscalYearLabel(fiscalYear, lang) })}`
          : ''}
      </p>
      {closed ? (
        <div className="panel closed-figure">
          <p>
            {t('close.reportedAsClosed', { date: formatDateTime(new Date(closed.closedAt), lang) })}{' '}
            <strong>
              {closed.reported === null ? '－' : `${closed.reported.toLocaleString('ja-JP')}${indicator.unit}`}
            </strong>
          </p>
          {closed.pending !== 0 ? (
            <p className="pending">
              {t('close.pendingFigure', { delta: signedNumber(closed.pending) })} —{' '}
              {t('close.liveFigure', {
                value: closed.live === null ? '－' : `${closed.live.toLocaleString('ja-JP')}${indicator.unit}`,
              })}
            </p>
          ) : null}
          {closed.adjustments.map((a, i) => (
            <p key={i} className="muted">
              {formatDate(new Date(a.acceptedAt), lang)}{' '}
              {t('close.noteAdjusted', { delta: signedNumber(a.delta), reason: a.reason })}
            </p>
          ))}
        </div>
      ) : null}
      {!mayReadRecords ? <p className="notice">{t('ind.recordsHidden')}</p> : null}
      {members ? (
        <>
          <h2 id="evidence-members">
            {t(members.kind === 'PERSONS' ? 'evidence.membersPersons' : 'evidence.membersOrganizations')}
          </h2>
          <p className="muted">{t('evidence.membersLead')}</p>
          <p>
            <strong data-testid="evidence-total">
              {t('evidence.total')}: {members.total} {indicator.unit}
            </strong>
          </p>
          {members.list.length === 0 ? (
            <p>{t('evidence.noMembers')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="evidence-members">
              <table className="data" aria-labelledby="evidence-members">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('evidence.member')}</th>
                    <th scope="col">{t('evidence.spellings')}</th>
                    <th scope="col">{t('evidence.recordCount')}</th>
                    <th scope="col">{t('evidence.recordsOf')}</th>
                  </tr>
                </thead>
                <tbody>
                  {members.list.map((m, k) => (
                    <tr key={m.code}>
                      <td className="num">{k + 1}</td>
                      <th scope="row">
                        {m.name ??
                          t(members.kind === 'PERSONS' ? 'evidence.person' : 'evidence.organization', { code: m.code })}
                        {m.name !== null ? <div className="muted">#{m.code}</div> : null}
                        {m.anonymized ? <div className="muted">{t('evidence.anonymized')}</div> : null}
                        {m.corporateNumber ? (
                          <div className="muted">{t('evidence.corporateNumber', { number: m.corporateNumber })}</div>
                        ) : null}
                      </th>
                      <td>{m.spellings.join(' / ')}</td>
                      <td className="num">{m.records.length}</td>
                      <td>
                        <ul>
                          {m.records.map((r) => (
                            <li key={`${r.sessionId}:${r.registrationId}`}>
                              {formatDate(new Date(r.startsAt), lang)} {r.seminarTitle}{' '}
                              {t('seminar.session', { number: r.sessionNumber })} — {t(`mode.${r.mode}`)}
                              {members.kind === 'ORGANIZATIONS' && r.name ? `, ${r.name}` : ''}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {t('evidence.total')}
                    </th>
                    <td className="num">{members.list.reduce((sum, m) => sum + m.records.length, 0)}</td>
                    <td>
                      {members.total} {indicator.unit}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      ) : null}
      {survey ? <SurveyEvidence survey={survey} /> : null}
      {completers ? <CompletersEvidence completers={completers} unit={indicator.unit} /> : null}
      {survey || completers ? null : <h2>{t('ind.evidenceSessions')}</h2>}
      {members ? <p className="muted">{t('evidence.sessionsNote')}</p> : null}
      {survey || completers ? null : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('ind.evidenceSessions')}>
          <table className="data" aria-label={t('ind.evidenceSessions')}>
            <thead>
              <tr>
                <th scope="col">{t('eval.program')}</th>
                <th scope="col">{t('console.field.title')}</th>
                <th scope="col">{t('seminar.sessions')}</th>
                <th scope="col">{t('ind.personTimes')}</th>
                <th scope="col">{t('ind.persons')}</th>
                <th scope="col">{t('ind.organizations')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.sessionId}>
                  <td>{s.seminar.program.name}</td>
                  <td>
                    <Link to={`/console/seminars/${s.seminar.id}`}>{s.seminar.title}</Link>
                  </td>
                  <td>
                    {t('seminar.session', { number: s.number })}{' '}
                    <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
                  </td>
                  <td className="num">{s.personTimes}</td>
                  <td className="num">{s.persons}</td>
                  <td className="num">{s.organizations}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('evidence.sessionsTotal')}
                </th>
                <td className="num">{personTimes}</td>
                <td></td>
                <td></td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {mayReadRecords
        ? sessions
            .filter((s) => s.records.length > 0)
            .map((s) => (
              <details key={s.sessionId}>
                <summary>
                  {t('ind.records')}: {s.seminar.title} {t('seminar.session', { number: s.number })} ({s.records.length}
                  )
                </summary>
                <ul>
                  {s.records.map((r) => (
                    <li key={r.registration.id}>
                      {r.registration.name} {r.registration.organizationName ?? ''} — {t(`mode.${r.mode}`)},{' '}
                      {t(`source.${r.source}`)}, {formatDateTime(new Date(r.checkedInAt), lang)}
                      {r.onlineMinutes !== null ? `, ${r.onlineMinutes}${t('attendance.minutes')}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            ))
        : null}
    </section>
  )
}
