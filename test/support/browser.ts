import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Result } from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Test } from 'tap'

// playwright-core, axe and @sparticuz/chromium are imported when first used: loading them takes most of a
// second, which every test file importing the test kit would pay otherwise.

const systemChromium = '/usr/bin/chromium'

// From @sparticuz/chromium's flags, made for AWS Lambda: in one process, closing a browser context closes
// the whole browser; the others switch off the same-origin policy, mixed-content blocking and site
// isolation, which the site's visitors all have.
const droppedFlags = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
])

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export interface PageOptions {
  /** The site under test: relative `page.goto` paths resolve against it, requests to any other origin are recorded. */
  baseUrl: string
  /** A 360×740 touch screen that honours `<meta name="viewport">`, as a phone does. */
  phone?: boolean
  locale?: string
  reducedMotion?: 'reduce' | 'no-preference'
  colorScheme?: 'light' | 'dark' | 'no-preference'
}

/** What a page did that a visitor would not see, one line each, in the order it happened. */
export interface PageRecord {
  /** Console messages of type error; Chromium reports Content-Security-Policy violations there. */
  consoleErrors: string[]
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[]
  failedRequests: string[]
  /** Requests (WebSockets too) to an origin other than `baseUrl`'s. */
  foreignRequests: string[]
}

export interface OpenedPage {
  page: Page
  context: BrowserContext
  recorded: PageRecord
}

async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // Unpacking takes seconds: a lock this old is a killed run's.
      const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now())
      if (age > 120_000) await rm(lock, { recursive: true, force: true })
      else await sleep(100)
    }
  }
  try {
    return await work()
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

// @sparticuz/chromium unpacks into the temporary directory and skips that once /tmp/chromium exists, even
// half-written by a test file starting beside this one, or left by an older version of the package.
async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const { default: sparticuz } = await import('@sparticuz/chromium')
  const manifest = new URL('../package.json', import.meta.resolve('@sparticuz/chromium'))
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string }
  const marker = path.join(tmpdir(), 'chromium.kindred-version')
  const executablePath = await withLock(path.join(tmpdir(), 'chromium.kindred-lock'), async () => {
    if ((await readFile(marker, 'utf8').catch(() => '')) !== version) await rm(path.join(tmpdir(), 'chromium'), { force: true })
    const unpacked = await sparticuz.executablePath()
    await writeFile(marker, version)
    return unpacked
  })
  return { executablePath, args: sparticuz.args.filter((flag) => !droppedFlags.has(flag)) }
}

/**
 * A headless Chromium: /usr/bin/chromium when installed, else the one the @sparticuz/chromium package ships
 * (unpacked into the temporary directory the first time, a few seconds). The caller closes it.
 *
 * @example const browser = await startChromium(); try { … } finally { await browser.close() }
 */
export async function startChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  const { executablePath, args } = existsSync(systemChromium) ? { executablePath: systemChromium, args: [] } : await packagedChromium()
  return chromium.launch({ executablePath, args, headless: true })
}

/**
 * `startChromium`'s browser, closed when `t` ends. Launch one per test file on tap's root test, and open a
 * page per subtest with `openPage`.
 *
 * @example const browser = await launchBrowser(t)
 */
export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await startChromium()
  t.teardown(() => browser.close())
  return browser
}

// data:, blob: and about: URLs reach nobody; a WebSocket is foreign as its HTTP origin would be.
function isForeign(url: string, siteOrigin: string): boolean {
  const target = new URL(url.replace(/^ws/, 'http'))
  return (target.protocol === 'http:' || target.protocol === 'https:') && target.origin !== siteOrigin
}

function record(context: BrowserContext, siteOrigin: string): PageRecord {
  const recorded: PageRecord = { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] }
  const noteRequest = (url: string): void => {
    if (isForeign(url, siteOrigin)) recorded.foreignRequests.push(url)
  }
  context.on('console', (message) => {
    if (message.type() === 'error') recorded.consoleErrors.push(`${message.text()} (${message.location().url})`)
  })
  context.on('request', (request) => noteRequest(request.url()))
  context.on('requestfailed', (request) => {
    recorded.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`)
  })
  context.on('page', (page) => {
    page.on('pageerror', (error) => recorded.pageErrors.push(`${error.name}: ${error.message}`))
    page.on('websocket', (socket) => noteRequest(socket.url()))
  })
  return recorded
}

/**
 * A page in a browser context of its own (closed when `t` ends) that records what a visitor would not
 * see: console errors, CSP violations among them, uncaught errors, failed requests and requests to any
 * origin but the site's. Check them with `assertNoProblems` once the page has done its work.
 *
 * @example const { page, recorded } = await openPage(browser, t, { baseUrl, phone: true }); await page.goto('/')
 */
export async function openPage(browser: Browser, t: Test, options: PageOptions): Promise<OpenedPage> {
  const { baseUrl, phone = false, locale, reducedMotion, colorScheme } = options
  const context = await browser.newContext({
    baseURL: baseUrl,
    ...(phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {}),
    ...(locale === undefined ? {} : { locale }),
    ...(reducedMotion === undefined ? {} : { reducedMotion }),
    ...(colorScheme === undefined ? {} : { colorScheme }),
  })
  t.teardown(() => context.close())
  const recorded = record(context, new URL(baseUrl).origin)
  return { page: await context.newPage(), context, recorded }
}

/**
 * One line per problem no page may have: a console error (a CSP violation is one), an uncaught error, a
 * request to another origin. A failed request of the site's own is a console error already; the others
 * are requests a navigation cut short, which are no defect.
 *
 * @example t.match(pageProblems(recorded), [/^console error: .*Content Security Policy/])
 */
export function pageProblems(recorded: PageRecord): string[] {
  return [
    ...recorded.consoleErrors.map((text) => `console error: ${text}`),
    ...recorded.pageErrors.map((text) => `uncaught: ${text}`),
    ...recorded.foreignRequests.map((url) => `request to another origin: ${url}`),
  ]
}

/**
 * Fails `t`, listing them, when the page had any of `pageProblems`; failed requests come along as context.
 *
 * @example await page.goto('/'); assertNoProblems(t, recorded, 'home page')
 */
export function assertNoProblems(t: Test, recorded: PageRecord, label = 'the page'): void {
  t.strictSame(pageProblems(recorded), [], `${label}: no console error, uncaught error or request to another origin`, {
    failedRequests: recorded.failedRequests,
  })
}

/**
 * axe-core's WCAG 2.0–2.2 A and AA violations on the page as it is now. axe is injected through the
 * DevTools protocol, which the page's Content-Security-Policy does not govern, so the CSP stays on.
 *
 * @example t.same(await accessibilityViolations(page), [])
 */
export async function accessibilityViolations(page: Page): Promise<Result[]> {
  const { AxeBuilder } = await import('@axe-core/playwright')
  return (await new AxeBuilder({ page }).withTags(wcagTags).analyze()).violations
}

/**
 * One readable line per violation: rule, impact, what to fix, and the selectors of the elements at fault.
 *
 * @example describeViolations(violations) // ['image-alt (critical): Images must have alternative text: img']
 */
export function describeViolations(violations: Result[]): string[] {
  return violations.map((violation) => {
    const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ')
    return `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}: ${targets}`
  })
}

/**
 * Fails `t` with `describeViolations`'s list when axe finds any WCAG 2.2 AA violation on the page.
 *
 * @example await page.goto('/'); await assertAccessible(t, page, 'home page')
 */
export async function assertAccessible(t: Test, page: Page, label: string): Promise<void> {
  t.strictSame(describeViolations(await accessibilityViolations(page)), [], `${label}: no WCAG 2.2 AA violation axe can find`)
}
