import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';

export type Section = 'plugins' | 'logs' | 'keys';

const NAV: { section: Section; href: string; label: string }[] = [
  { section: 'plugins', href: '/ui/plugins', label: 'Plugins' },
  { section: 'logs', href: '/ui/logs', label: 'Logs' },
  { section: 'keys', href: '/ui/keys', label: 'Virtual keys' },
];

/** The page shell: navigation (when logged in), the stylesheet, the one client script. */
export function Layout(props: { title: string; section?: Section; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Heimdall`}</title>
        {/* No icon: without this line browsers ask for /favicon.ico, a 404 on every page. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/ui/app.css" />
        <script src="/ui/app.js" defer></script>
      </head>
      <body>
        <header class="top">
          <span class="brand">Heimdall</span>
          {props.section && (
            <nav aria-label="Main">
              {NAV.map((n) => (
                <a href={n.href} aria-current={n.section === props.section ? 'page' : undefined}>
                  {n.label}
                </a>
              ))}
            </nav>
          )}
          {props.section && (
            <form method="post" action="/ui/logout" class="logout">
              <button type="submit" class="link">Log out</button>
            </form>
          )}
        </header>
        <main>
          <p id="page-error" class="error" role="alert" hidden></p>
          {props.children}
        </main>
        <div id="announcer" class="sr-only" aria-live="polite"></div>
      </body>
    </html>
  );
}

// The pages hold admin data: never cached, never framed, scripts and styles from this origin only.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** A 404 inside the UI: what was missing, and the way back to its list. */
export function renderNotFound(c: Context, section: Section, message: string): Promise<Response> {
  const back = NAV.find((n) => n.section === section)!;
  return renderPage(
    c,
    <Layout title="Not found" section={section}>
      <h1 class="break">{message}</h1>
      <a href={back.href}>Back to {back.label.toLowerCase()}</a>
    </Layout>,
    404,
  );
}

export async function renderPage(c: Context, page: JSX.Element, status: 200 | 401 | 404 = 200): Promise<Response> {
  return c.html(`<!doctype html>${await page}`, status, PAGE_HEADERS);
}
