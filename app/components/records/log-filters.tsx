import { Fragment } from 'react'
import { Form, Link, useSearchParams } from '@remix-run/react'

/** A select of a log's filter: its query name, its label, the label of "any", and what it offers. */
export type LogChoice = { name: string; label: string; any: string; options: { value: string; label: string }[] }

/**
 * The filter of an admins' log (the audit trail, the security log): its own choices, then the
 * period (Japan dates, "to" inclusive: app/modules/audit/filter.ts), and the CSV of what matches.
 * A plain GET form: the filter is the page's query, and the CSV link carries it.
 */
export function LogFilters({
  choices,
  labels,
  csvPath,
}: {
  choices: LogChoice[]
  labels: { from: string; to: string; filter: string; csv: string }
  csvPath: string
}) {
  const [params] = useSearchParams()
  return (
    <Form method="get" className="filters">
      {choices.map((choice) => (
        <Fragment key={choice.name}>
          <label>
            {choice.label}{' '}
            <select name={choice.name} defaultValue={params.get(choice.name) ?? ''}>
              <option value="">{choice.any}</option>
              {choice.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>{' '}
        </Fragment>
      ))}
      <label>
        {labels.from} <input type="date" name="from" defaultValue={params.get('from') ?? ''} />
      </label>{' '}
      <label>
        {labels.to} <input type="date" name="to" defaultValue={params.get('to') ?? ''} />
      </label>{' '}
      <button type="submit" className="button">
        {labels.filter}
      </button>{' '}
      <Link to={`${csvPath}?${params.toString()}`} reloadDocument>
        {labels.csv}
      </Link>
    </Form>
  )
}
