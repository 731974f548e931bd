import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunction } from '@remix-run/react'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
} from '@remix-run/react'
import { pageArea } from '~/i18n/areas'
import { pageStrings } from '~/utils/i18n.server'
import { getLang } from '~/utils/request.server'
import { loadStringScripts, useLang, useStringScripts, useT } from '~/utils/use-i18n'
import styles from '~/styles/app.css?url'
import { useNonce } from '~/utils/nonce'
import { metaTranslator, titleOf } from '~/utils/meta'
import type { Forbidden } from '~/modules/accounts/permissions'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/**
 * The error pages' titles (404, 403, …): every other page names its own (app/utils/meta.ts), and
 * a page without one gets none from here.
 */
export const meta: MetaFunction = ({ error, matches, location }) => {
  if (!error) return []
  const t = metaTranslator(matches)
  const status = isRouteErrorResponse(error) ? error.status : 500
  const page =
    status === 404
      ? t('errors.notFoundTitle')
      : status === 403
        ? t('errors.forbiddenTitle')
        : status === 503
          ? t('dbfaults.title')
          : t('errors.title')
  return [{ title: titleOf(t, page, location.pathname) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getLang(request)
  // Only this language's strings, and the console's only on its pages (docs/decisions/0030).
  return { lang, ...pageStrings(lang, new URL(request.url).pathname) }
}

/** After a language switch or a move between public and console pages: the new strings first. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>()
  await loadStringScripts(data.scripts)
  return data
}

/** The strings change with the language (POST /lang) or when a page of the other area is opened. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formAction }) =>
  formAction === '/lang' || pageArea(currentUrl.pathname) !== pageArea(nextUrl.pathname)

function LanguageSwitch() {
  const lang = useLang()
  const t = useT()
  const location = useLocation()
  return (
    <Form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="lang" value={lang === 'ja' ? 'en' : 'ja'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" title={t('lang.switchLabel')} lang={lang === 'ja' ? 'en' : 'ja'}>
        {t('lang.switchTo')}
      </button>
    </Form>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const lang = useLang()
  const t = useT()
  const nonce = useNonce()
  const stringScripts = useStringScripts()
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header className="site-header">
          <div className="container header-row">
            <Link to="/" className="brand">
              <span className="brand-name">{t('site.name')}</span>
              <span className="brand-tagline">{t('site.tagline')}</span>
            </Link>
            <nav aria-label={t('nav.main')} className="main-nav">
              <Link to="/">{t('nav.seminars')}</Link>
              <Link to="/console">{t('nav.console')}</Link>
              <LanguageSwitch />
            </nav>
          </div>
        </header>
        <main id="main" className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <Link to="/privacy">{t('footer.privacy')}</Link>
            <Link to="/accessibility">{t('footer.accessibility')}</Link>
            <span>{t('footer.note')}</span>
          </div>
        </footer>
        {/* Blocking, so the strings are there when the app hydrates; cached for good under their hash. */}
        {stringScripts.map((src) => (
          <script key={src} src={src} nonce={nonce} suppressHydrationWarning />
        ))}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  // 503: the database was briefly unavailable (app/utils/request-errors.server.ts), worth a retry.
  if (isRouteErrorResponse(error) && error.status === 503) return <DatabaseUnavailable />
  if (isRouteErrorResponse(error) && error.status === 403) return <NotAllowed data={error.data} />
  return (
    <section className="panel">
      <h1>{t('errors.title')}</h1>
      <p role="alert">{notFound ? t('errors.notFound') : t('errors.generic')}</p>
      <p>
        <Link to="/">{t('seminar.back')}</Link>
      </p>
    </section>
  )
}

/** 403: what is not allowed and which role may (app/modules/accounts/access.server.ts), not "an error". */
function NotAllowed({ data }: { data: unknown }) {
  const t = useT()
  const facts = (data as Partial<Forbidden> | null)?.forbidden
  return (
    <section className="panel">
      <h1>{t('errors.forbiddenTitle')}</h1>
      <p role="alert">
        {facts?.ownRoleMay
          ? t('errors.forbiddenScope')
          : facts?.roles
            ? t('errors.forbiddenRoles', { roles: facts.roles })
            : t('errors.forbiddenTitle')}
      </p>
      <p>{t('errors.forbiddenAsk')}</p>
      <p>
        <Link to="/console">{t('errors.forbiddenHome')}</Link>
      </p>
    </section>
  )
}

function DatabaseUnavailable() {
  const t = useT()
  const location = useLocation()
  return (
    <section className="panel">
      <h1>{t('dbfaults.title')}</h1>
      <p role="alert">{t('dbfaults.unavailable')}</p>
      <p>{t('dbfaults.notSaved')}</p>
      <p>
        <a href={location.pathname + location.search}>{t('dbfaults.retry')}</a>
      </p>
    </section>
  )
}
