import { Form, Link } from '@remix-run/react'
import type { MessageKey } from '~/utils/i18n'
import type { PageInfo } from '~/utils/paging'
import { PageCount, Pager } from '~/components/records/pager'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

type ImportRow = {
  id: string
  fileName: string
  createdAt: Date | string
  appliedAt: Date | string | null
  undoneAt: Date | string | null
  programId?: string | null
}

/**
 * The upload form of a spreadsheet import and the list of earlier imports. For past seminars the
 * form also asks the program and the category given to the seminars it creates.
 */
export function ImportUpload({
  kind,
  back,
  subtitle,
  imports,
  paging,
  basePath,
  error,
  limit,
  programs,
  categories,
}: {
  kind: 'SEMINAR' | 'PAST'
  back: { to: string; label: string }
  subtitle?: string
  imports: ImportRow[]
  /** Where this page of `imports` lies among them all (50 a page). */
  paging: PageInfo
  /** Where an import's page is: `${basePath}/${id}`, or per program for past seminars. */
  basePath: string | ((row: ImportRow) => string)
  error: string | null
  limit: string
  programs?: { id: string; code: string; name: string }[]
  categories?: { id: string; name: string }[]
}) {
  const t = useT()
  const lang = useLang()
  const date = (d: Date | string) => formatDateTime(new Date(d), lang)
  const href = (row: ImportRow) => (typeof basePath === 'string' ? `${basePath}/${row.id}` : basePath(row))
  return (
    <section>
      <p>
        <Link to={back.to}>← {back.label}</Link>
      </p>
      <h1>{t(kind === 'SEMINAR' ? 'imports.title.SEMINAR' : 'imports.title.PAST')}</h1>
      {subtitle ? <p>{subtitle}</p> : null}
      <p>{t(kind === 'SEMINAR' ? 'imports.intro.SEMINAR' : 'imports.intro.PAST')}</p>
      {error ? (
        <p className="error-summary" role="alert">
          {t.has(error) ? t(error as MessageKey, { limit }) : error}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form">
        {programs ? (
          <div className="field">
            <label htmlFor="programId">{t('imports.program')}</label>
            <select id="programId" name="programId" required>
              {programs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {categories ? (
          <div className="field">
            <label htmlFor="categoryId">{t('imports.category')}</label>
            <select id="categoryId" name="categoryId" required>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="file">{t('imports.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-describedby="file-hint"
          />
          <p className="hint" id="file-hint">
            {t('imports.fileHint')}
          </p>
        </div>
        <p className="hint">{t('imports.nothingWritten')}</p>
        <button type="submit" className="button button-primary">
          {t('imports.upload')}
        </button>
      </Form>
      <h2>{t('imports.earlier')}</h2>
      <PageCount paging={paging} />
      {imports.length === 0 ? (
        <p className="muted">{t('imports.noneYet')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('imports.earlier')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('imports.uploadedAt')}</th>
                <th scope="col">{t('imports.fileName')}</th>
                <th scope="col">{t('imports.state')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((row) => (
                <tr key={row.id}>
                  <td>{date(row.createdAt)}</td>
                  <td>
                    <Link to={href(row)}>{row.fileName}</Link>
                  </td>
                  <td>
                    {row.undoneAt
                      ? t('imports.state.undone', { date: date(row.undoneAt) })
                      : row.appliedAt
                        ? t('imports.state.applied', { date: date(row.appliedAt) })
                        : t('imports.state.pending')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={paging} label={t('imports.earlier')} />
    </section>
  )
}
