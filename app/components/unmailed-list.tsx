import { useT } from '~/utils/use-i18n'

type Unmailed = { id: string; name: string; organizationName: string | null; phone: string | null }

/**
 * Before a message, a cancellation or a schedule change: the people it concerns who gave no
 * email (applications by phone, walk-ins), so staff tell them another way. Nothing when none.
 */
export function UnmailedList({ people }: { people: Unmailed[] }) {
  const t = useT()
  if (people.length === 0) return null
  const heading = t('mail.unmailedHeading', { count: people.length })
  return (
    <div className="panel">
      <h2>{heading}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={heading}>
        <table className="data" aria-label={heading}>
          <thead>
            <tr>
              <th scope="col">{t('form.name')}</th>
              <th scope="col">{t('console.organization')}</th>
              <th scope="col">{t('mail.unmailedPhone')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.organizationName ?? ''}</td>
                <td>{p.phone ? <a href={`tel:${p.phone}`}>{p.phone}</a> : t('mail.noPhone')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
