// Search, editing and deleting one's posts, the members list and profiles, in a real Chromium: the search is
// done by keyboard alone; every page type passes axe's WCAG 2.2 AA rules at desktop and phone width, fits the
// phone's width, logs no console error and asks nothing of another origin.
import t from 'tap'
import {
  buildTestHub,
  checkPage,
  launchBrowser,
  openPage,
  pageProblems,
  provisionTestCommunity,
  signUpAndJoinInBrowser,
  tabTo,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
await provisionTestCommunity(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

// Declares an industry relationship for the account, so its profile has disclosures to show.
async function declare(name: string): Promise<void> {
  const account = await hub.database.db
    .selectFrom('hub.accounts')
    .select('id')
    .where('email', '=', `${name.toLowerCase()}@example.org`)
    .executeTakeFirstOrThrow()
  await hub.database.db
    .insertInto('hub.disclosures')
    .values({ account_id: account.id, position: 0, organisation: 'Acme Pharma', nature: 'advisory_board', since: null })
    .execute()
}

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`a member searches by keyboard, edits and deletes a post, and reads the members list and a profile (${width})`, async (t) => {
    const { page, recorded } = await openPage(browser, t, { baseUrl, phone })
    const name = phone ? 'Pia' : 'Dora'
    await signUpAndJoinInBrowser(hub, page, name)
    await declare(name)

    await page.getByRole('link', { name: 'Start a new thread' }).click()
    await page.getByLabel('Title').fill(`Diagnosis, from ${name}`)
    await page.getByLabel('Message').fill('We learnt it was **Alström** syndrome at the hôpital.')
    await page.getByRole('button', { name: 'Start thread' }).click()
    await page.waitForURL('**/c/fop/t/*')

    await page.goto('/c/fop')
    await page.getByRole('link', { name: 'Search', exact: true }).click()
    await page.waitForURL('**/c/fop/search')
    await checkPage(t, page, `search, before searching (${width})`)
    await tabTo(page, 'q')
    await page.keyboard.type('alstrom hopital')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/search?q=*')
    t.ok(await page.locator('.results mark', { hasText: 'Alström' }).count(), 'the word found is marked as written')
    await checkPage(t, page, `search results (${width})`)
    await page.getByLabel('Words to look for').fill('zebra')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/search?q=zebra')
    t.match(await page.locator('main').textContent(), /No post matches “zebra”/)
    await checkPage(t, page, `search without results (${width})`)
    await page.getByLabel('Words to look for').fill('the')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/search?q=the')
    await checkPage(t, page, `search with an error (${width})`)

    await page.getByLabel('Words to look for').fill('alstrom')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/search?q=alstrom')
    await page
      .locator('.results a', { hasText: `Diagnosis, from ${name}` })
      .first()
      .click()
    await page.waitForURL('**/c/fop/t/*')
    await page.getByRole('link', { name: /^Edit your post of/ }).click()
    await page.waitForURL('**/c/fop/p/*/edit')
    await checkPage(t, page, `edit a post (${width})`)
    await page.getByLabel('Message').fill('We learnt it was *Alström* syndrome.')
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.waitForLoadState()
    t.equal(await page.locator('.preview em').textContent(), 'Alström')
    await checkPage(t, page, `edit a post, with a preview (${width})`)
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.waitForURL('**/c/fop/t/*#post-*')
    t.match(await page.locator('article.post').first().textContent(), /edited/)

    await page.getByRole('link', { name: /^Delete your post of/ }).click()
    await page.waitForURL('**/c/fop/p/*/delete')
    await checkPage(t, page, `delete a post (${width})`)
    await page.getByRole('button', { name: 'Yes, delete my post' }).click()
    await page.waitForURL('**/c/fop/t/*#post-*')
    t.match(await page.locator('main').textContent(), /This post was deleted by its author/)

    await page.goto('/c/fop')
    await page.getByRole('link', { name: 'Members', exact: true }).click()
    await page.waitForURL('**/c/fop/members')
    await checkPage(t, page, `members (${width})`)
    await page.getByLabel('Find a member by name').fill(name.slice(0, 2))
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/members?q=*')
    await page
      .locator('.members')
      .getByRole('link', { name: `${name} here` })
      .click()
    await page.waitForURL('**/c/fop/members/*')
    t.match(await page.locator('main').textContent(), /Acme Pharma/)
    await checkPage(t, page, `own profile (${width})`)
    // A search with no word to look for is refused (400) on purpose; Chromium logs any 4xx as a console error.
    const refusedSearch = `status of 400 (Bad Request) (${baseUrl}/c/fop/search?q=the)`
    t.strictSame(
      pageProblems(recorded).filter((line) => !line.endsWith(refusedSearch)),
      [],
      `search and people (${width}): no console error but the refused search's, no uncaught error, no request to another origin`,
    )
  })
}
