import type { MetaFunction } from '@remix-run/node'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'privacy.title') }]

export default function Privacy() {
  const t = useT()
  return (
    <article className="panel">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.body1')}</p>
      <p>{t('privacy.body2')}</p>
      <p>{t('privacy.body3')}</p>
      <p>{t('privacy.retention')}</p>
      <p>{t('privacy.request')}</p>
    </article>
  )
}
