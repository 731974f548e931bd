import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ContactAddress } from '~/components/contact-address'
import { pageArea } from '~/i18n/areas'
import { LAST_ACCESSIBILITY_CHECK as CHECK } from '~/modules/accessibility/last-check'
import { officeForPage } from '~/modules/accessibility/office.server'
import { env } from '~/utils/env.server'
import { pageTitle } from '~/utils/meta'
import { formatDate } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'a11y.title') }]

/**
 * The accessibility policy (JIS X 8341-3:2016; みんなの公共サイト運用ガイドライン): scope, target and
 * the last test's date, method and result, from app/modules/accessibility/last-check.ts
 * (docs/decisions/0043-accessibility-checks-and-policy.md), and where to write about a problem.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return { ...officeForPage(request), site: new URL(env().APP_URL).origin }
}

export default function AccessibilityPolicy() {
  const { office, contact, site } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const publicPages = CHECK.pages.filter((p) => pageArea(p) === 'public')
  const consolePages = CHECK.pages.filter((p) => pageArea(p) === 'console')
  const widths = CHECK.widths.map((w) => `${w}px`).join(lang === 'ja' ? '・' : ', ')
  return (
    <article className="panel policy">
      <h1>{t('a11y.title')}</h1>
      <p>{t('a11y.policy', { office })}</p>

      <h2>{t('a11y.scopeTitle')}</h2>
      <p>{t('a11y.scope', { site })}</p>
      <p>{t('a11y.scopeExcluded')}</p>

      <h2>{t('a11y.targetTitle')}</h2>
      <p>{t('a11y.target')}</p>
      <p>{t('a11y.targetNote')}</p>

      <h2>{t('a11y.resultsTitle')}</h2>
      <dl className="policy-facts">
        <dt>{t('a11y.date')}</dt>
        <dd>
          <time dateTime={CHECK.date}>{formatDate(new Date(`${CHECK.date}T12:00:00+09:00`), lang)}</time>
        </dd>
        <dt>{t('a11y.method')}</dt>
        <dd>
          <ul>
            <li>{t('a11y.methodAxe', { version: CHECK.axeCore, tags: CHECK.tags.join(', '), widths })}</li>
            <li>
              {t('a11y.methodKeyboard')}
              <ul>
                {CHECK.keyboard.map((task) => (
                  <li key={task}>{t(`a11y.keyboard.${task}`)}</li>
                ))}
              </ul>
            </li>
          </ul>
        </dd>
        <dt>{t('a11y.result')}</dt>
        <dd>
          <ul>
            <li>
              {CHECK.violations === null
                ? t('a11y.resultPending')
                : CHECK.violations === 0
                  ? t('a11y.resultAxeNone', { pages: CHECK.pages.length })
                  : t('a11y.resultAxe', { count: CHECK.violations, pages: CHECK.pages.length })}
            </li>
            <li>
              {CHECK.keyboardPassed === null
                ? t('a11y.resultPending')
                : CHECK.keyboardPassed
                  ? t('a11y.resultKeyboard')
                  : t('a11y.resultKeyboardFailed')}
            </li>
          </ul>
          <p>{t('a11y.resultNote')}</p>
        </dd>
      </dl>

      <h3>{t('a11y.pages', { count: CHECK.pages.length })}</h3>
      <h4>{t('a11y.publicPages')}</h4>
      <ul className="policy-pages">
        {publicPages.map((p) => (
          <li key={p}>
            <code>{p}</code>
          </li>
        ))}
      </ul>
      <h4>{t('a11y.consolePages')}</h4>
      <ul className="policy-pages">
        {consolePages.map((p) => (
          <li key={p}>
            <code>{p}</code>
          </li>
        ))}
      </ul>

      <h2>{t('a11y.contactTitle')}</h2>
      <p>{t('a11y.contact', { office })}</p>
      {contact ? <ContactAddress address={contact} /> : null}
    </article>
  )
}
