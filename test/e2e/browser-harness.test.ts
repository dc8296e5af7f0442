// The browser harness itself: each helper passes a sound page and reports a faulty one, in a real
// Chromium, under the strict Content-Security-Policy the web site sends.
import Fastify from 'fastify'
import t from 'tap'
import {
  accessibilityViolations,
  assertAccessible,
  assertNoProblems,
  describeViolations,
  launchBrowser,
  openPage,
  pageProblems,
} from '@kindred/testkit'

const strictCsp = "default-src 'self'; script-src 'self'"
// A 1×1 transparent PNG.
const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body>${body}</body></html>`
}

// Another origin (another port is enough): the foreign request really happens, and nothing leaves the machine.
const elsewhere = Fastify()
elsewhere.get('/x.png', async (_request, reply) => reply.type('image/png').send(pixel))
const elsewhereUrl = await elsewhere.listen({ host: '127.0.0.1', port: 0 })
t.teardown(() => elsewhere.close())

const pages: Record<string, { csp: boolean; body: string }> = {
  '/accessible': {
    csp: true,
    body: '<main><h1>Find your community</h1><form><label for="q">Disease or community</label> <input id="q" name="q" type="search"> <button>Search</button></form></main>',
  },
  '/inaccessible': { csp: true, body: '<main><h1>Broken</h1><img src="/pixel.png"><input name="q" type="text"></main>' },
  '/foreign-image': { csp: false, body: `<main><h1>Borrowed</h1><img src="${elsewhereUrl}/x.png" alt=""></main>` },
  '/inline-script': { csp: true, body: `<main><h1>Inline</h1><script>document.title = 'inline script ran'</script></main>` },
}

const site = Fastify()
site.get('/pixel.png', async (_request, reply) => reply.type('image/png').send(pixel))
for (const [url, { csp, body }] of Object.entries(pages)) {
  site.get(url, async (_request, reply) => {
    if (csp) reply.header('content-security-policy', strictCsp)
    return reply.type('text/html').send(html(url.slice(1), body))
  })
}
const baseUrl = await site.listen({ host: '127.0.0.1', port: 0 })
t.teardown(() => site.close())

const launchStarted = performance.now()
const browser = await launchBrowser(t)
t.comment(`Chromium ${browser.version()} launched in ${Math.round(performance.now() - launchStarted)} ms`)

t.test('an accessible page under the strict CSP passes axe and has no problems', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  const response = await page.goto('/accessible')
  t.equal(response?.headers()['content-security-policy'], strictCsp, 'the CSP is sent and left on')
  await assertAccessible(t, page, 'accessible page')
  assertNoProblems(t, recorded, 'accessible page')
})

t.test('axe reports an image without alt text and an input without a label, with their selectors', async (t) => {
  const { page } = await openPage(browser, t, { baseUrl })
  await page.goto('/inaccessible')
  const violations = await accessibilityViolations(page)
  t.strictSame(violations.map((violation) => violation.id).sort(), ['image-alt', 'label'])
  t.match(describeViolations(violations).sort(), [/^image-alt \(critical\): .+: img$/, /^label \(critical\): .+: input$/])
})

t.test('a request to another origin is recorded, even when it succeeds', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  await page.goto('/foreign-image')
  t.strictSame(recorded.foreignRequests, [`${elsewhereUrl}/x.png`])
  t.strictSame(pageProblems(recorded), [`request to another origin: ${elsewhereUrl}/x.png`])
})

t.test('an inline script blocked by the CSP is recorded as a console error, and axe still runs', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  await page.goto('/inline-script')
  t.equal(await page.title(), 'inline-script', 'the inline script did not run')
  t.match(recorded.consoleErrors, [/Content Security Policy directive .*script-src 'self'/])
  t.equal(pageProblems(recorded).length, 1)
  t.strictSame(await accessibilityViolations(page), [], 'axe is injected despite script-src')
})

t.test('a phone-width page with a locale, reduced motion and a dark scheme', async (t) => {
  const { page, recorded } = await openPage(browser, t, {
    baseUrl,
    phone: true,
    locale: 'fr-FR',
    reducedMotion: 'reduce',
    colorScheme: 'dark',
  })
  await page.goto('/accessible')
  const seen = await page.evaluate(() => ({
    width: window.innerWidth,
    overflows: document.documentElement.scrollWidth > window.innerWidth,
    language: navigator.language,
    reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
    touch: matchMedia('(pointer: coarse)').matches,
  }))
  t.strictSame(seen, { width: 360, overflows: false, language: 'fr-FR', reducedMotion: true, dark: true, touch: true })
  await assertAccessible(t, page, 'accessible page on a phone')
  assertNoProblems(t, recorded, 'accessible page on a phone')
})
