import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ContactAddress } from '~/components/contact-address'
import { officeForPage } from '~/modules/accessibility/office.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'privacy.title') }]

/** The privacy notice, with the office to write to for a deletion request (its CONTACT_EMAIL). */
export function loader({ request }: LoaderFunctionArgs) {
  return officeForPage(request)
}

export default function Privacy() {
  const { office, contact } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <article className="panel">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.body1')}</p>
      <p>{t('privacy.body2')}</p>
      <p>{t('privacy.body3')}</p>
      <p>{t('privacy.retention')}</p>
      <p>{t('privacy.request')}</p>
      <h2>{t('privacy.contactTitle')}</h2>
      <p>{t('privacy.contact', { office })}</p>
      {contact ? <ContactAddress address={contact} /> : null}
    </article>
  )
}
