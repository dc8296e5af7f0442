import type { Test } from 'tap'
import type { Page } from 'playwright-core'
import { markEmailVerified } from './accounts.ts'
import { assertAccessible, type PageRecord } from './browser.ts'
import type { TestHub } from './hub.ts'

/**
 * Creates the account `name` (email `<name>@example.org`, lower-cased) through the site's sign-up form, as a
 * person does, confirms its address behind the site's back (the link has tests of its own) and signs in
 * through the site's form; the page is then on the home page.
 */
export async function signUpInBrowser(hub: TestHub, page: Page, name: string): Promise<void> {
  const email = `${name.toLowerCase()}@example.org`
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL((url) => url.pathname === '/sign-up/check-inbox')
  await markEmailVerified(hub.database.db, email)
  await signInInBrowser(page, email)
}

/** Signs in with `email` and the password the kit gives every account, through the site's form, to the home page. */
export async function signInInBrowser(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname === '/')
}

/** Signs `name` up, then joins the community `slug` as "`name` here", accepting its charter. */
export async function signUpAndJoinInBrowser(hub: TestHub, page: Page, name: string, slug = 'fop'): Promise<void> {
  await signUpInBrowser(hub, page, name)
  await page.goto(`/c/${slug}/join`)
  await page.getByLabel('The name members will know you by').fill(`${name} here`)
  await page.getByLabel('I have read the charter and I accept it').check()
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL(`**/c/${slug}`)
}

/**
 * The page as it is now passes axe's WCAG 2.2 AA rules, fits its width (no sideways scrolling) and sets its
 * "·" separators apart from the words around them: htm drops whitespace that holds a line break, so a
 * separator at a template line's end would otherwise run into the next word.
 */
export async function checkPage(t: Test, page: Page, label: string): Promise<void> {
  await assertAccessible(t, page, label)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  t.equal(overflow, 0, `${label}: no sideways scrolling`)
  const glued = (await page.locator('body').innerText()).match(/\S·|·\S/gu) ?? []
  t.same(glued, [], `${label}: every "·" has a space on each side`)
}

/** The id of the element that has the keyboard focus. */
export const focusedId = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id)

/** The trimmed text of the element that has the keyboard focus. */
export const focusedText = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.textContent.trim())

/** Presses Tab until `reached` holds, as a keyboard user does; throws after 80 presses, naming `what`. */
export async function tabUntil(page: Page, what: string, reached: () => Promise<boolean>): Promise<void> {
  for (let presses = 0; !(await reached()); presses += 1) {
    if (presses > 80) throw new Error(`no ${what} to tab to`)
    await page.keyboard.press('Tab')
  }
}

/** Tabs to the element with the id `id`. */
export const tabTo = (page: Page, id: string): Promise<void> => tabUntil(page, `#${id}`, async () => (await focusedId(page)) === id)

/** Tabs to the element whose whole trimmed text is `text` (a button or a link). */
export const tabToText = (page: Page, text: string): Promise<void> =>
  tabUntil(page, `“${text}”`, async () => (await focusedText(page)) === text)

const isRefusal = (message: string) => message.includes('400 (Bad Request)')

/**
 * A form the site refuses answers 400, which Chromium reports as a console error of its own. Checks that
 * such an error was recorded (and, with `about`, that it names that address part), then takes it out of
 * `recorded`, so that `assertNoProblems` then finds any other.
 */
export function takeRefusal(t: Test, recorded: PageRecord, label: string, about = ''): void {
  const refusal = recorded.consoleErrors.findIndex((message) => isRefusal(message) && message.includes(about))
  t.not(refusal, -1, label)
  recorded.consoleErrors.splice(refusal, 1)
}

/**
 * No console error but the 400s of refused forms (Chromium's own errors for them, however many), no
 * uncaught error and no request to another origin; `labels` names the two checks.
 */
export function assertNoProblemsButRefusals(t: Test, recorded: PageRecord, labels: { console: string; others?: string }): void {
  t.strictSame(
    recorded.consoleErrors.filter((message) => !isRefusal(message)),
    [],
    labels.console,
  )
  const others = [...recorded.pageErrors, ...recorded.foreignRequests]
  // Without a label, tap names the check itself.
  if (labels.others === undefined) t.strictSame(others, [])
  else t.strictSame(others, [], labels.others)
}
