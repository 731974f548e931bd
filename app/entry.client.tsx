import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'

/*
 * Remix's own client entry, except that hydration starts once the page's data is decoded.
 *
 * With single fetch, RemixBrowser suspends on its first render until it has decoded the data the
 * server streamed into the page. A key pressed before React's first render (a person typing into
 * the door's search as the page loads on a slow phone) makes React hydrate at once and
 * synchronously; RemixBrowser then suspends where React cannot wait, the whole page is rendered
 * again on the client (losing what was typed) and React throws error 345, "Root did not complete"
 * (remix-run/remix#10214). Calling RemixBrowser once before hydrating starts that decoding and
 * hands back its promise; after it settles the first render does not suspend, and until then React
 * listens to no event, so the page behaves as plain HTML (docs/decisions/0045-hydration-after-decoding.md).
 */
async function decodedPageData() {
  try {
    ;(RemixBrowser as (props: object) => unknown)({})
  } catch (thrown) {
    // The decoding promise, thrown as Suspense expects; anything else is left to the real render.
    if (thrown && typeof (thrown as PromiseLike<unknown>).then === 'function') await thrown
  }
}

void decodedPageData().then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    )
  }),
)
