// The incubator's pages in a real Chromium: a founder proposes a community, a second account supports it,
// staff ask for changes and the founder edits and reopens it. Every page type passes axe's WCAG 2.2 AA
// rules, logs no error and asks nothing of another origin.
import t from 'tap'
import { recordProposalTransition } from '@kindred/incubator'
import {
  assertAccessible,
  assertNoProblems,
  assertNoProblemsButRefusals,
  buildTestHub,
  launchBrowser,
  openPage,
  signUp,
  signUpInBrowser,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

t.test('a founder proposes, a second account supports, the founder edits after staff ask for changes', async (t) => {
  const founder = await openPage(browser, t, { baseUrl })
  await signUpInBrowser(hub, founder.page, 'Founder')
  await founder.page.goto('/proposals')
  await assertAccessible(t, founder.page, 'the queue, empty')
  await founder.page.getByRole('link', { name: 'Propose a community' }).click()
  await founder.page.waitForURL('**/proposals/new')
  await assertAccessible(t, founder.page, 'the proposal form')

  await founder.page.getByRole('button', { name: 'Propose the community' }).click()
  await founder.page.waitForURL('**/proposals/new')
  t.ok((await founder.page.getByRole('alert').getByRole('link').count()) >= 4, 'the refused form lists its problems')
  await assertAccessible(t, founder.page, 'the proposal form with errors')
  await founder.page
    .getByRole('alert')
    .getByRole('link', { name: /Enter the name of the disease/ })
    .click()
  t.equal(await founder.page.evaluate(() => document.activeElement?.id), 'diseaseName', 'an error links to its field')

  await founder.page.getByLabel('Name of the disease').fill('Fibrodysplasia ossificans progressiva')
  await founder.page.getByLabel('ORPHA code (optional)').fill('ORPHA:337')
  await founder.page.getByLabel('How many people have it').selectOption('lt_1_per_1m')
  await founder.page.getByLabel('Address of the community').fill('fop')
  await founder.page.getByLabel('Summary').fill('A community for people living with FOP and their families.')
  await founder.page.getByLabel('English', { exact: true }).check()
  await founder.page.getByLabel('About you, and why you start this community').fill('I have lived with FOP for twenty years.')
  await founder.page.getByRole('button', { name: 'Propose the community' }).click()
  await founder.page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/)
  const proposalUrl = founder.page.url()
  const proposalId = proposalUrl.split('/').at(-1) ?? ''
  t.equal(await founder.page.getByRole('heading', { level: 1 }).textContent(), 'Fibrodysplasia ossificans progressiva')
  await assertAccessible(t, founder.page, "the founder's proposal page")

  const supporter = await openPage(browser, t, { baseUrl, phone: true })
  await signUpInBrowser(hub, supporter.page, 'Supporter')
  await supporter.page.goto('/proposals')
  await assertAccessible(t, supporter.page, 'the queue with a proposal (phone)')
  await supporter.page.getByRole('link', { name: 'Fibrodysplasia ossificans progressiva' }).click()
  await supporter.page.waitForURL(proposalUrl)
  await assertAccessible(t, supporter.page, "a supporter's view of the proposal (phone)")
  await supporter.page.getByRole('button', { name: 'Support and volunteer to moderate' }).click()
  await supporter.page.getByText('You support this proposal and volunteer to moderate it.').waitFor()
  t.equal(await supporter.page.getByRole('progressbar', { name: '1 of 3 supporters' }).getAttribute('value'), '1')
  t.equal(await supporter.page.getByRole('progressbar', { name: '1 of 1 volunteer moderator' }).getAttribute('value'), '1')
  await assertAccessible(t, supporter.page, 'the proposal, supported (phone)')
  const overflow = await supporter.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  t.equal(overflow, 0, 'no sideways scrolling on a phone')
  assertNoProblems(t, supporter.recorded, 'supporter')

  const staff = await signUp(hub, 'staff', { staff: true })
  await recordProposalTransition(hub.database.db, {
    proposalId,
    from: 'open',
    to: 'changes_requested',
    actor: 'staff',
    actorId: staff.accountId,
    reason: 'Please add the languages you can moderate in',
  })
  await founder.page.reload()
  await founder.page.getByRole('link', { name: 'Edit the proposal' }).click()
  await founder.page.waitForURL(`${proposalUrl}/edit`)
  await assertAccessible(t, founder.page, 'the edit form')
  await founder.page.getByLabel('French', { exact: true }).check()
  await founder.page.getByRole('button', { name: 'Save the changes' }).click()
  await founder.page.waitForURL(proposalUrl)
  t.equal(await founder.page.getByText('English, French').count(), 1, 'the change is saved')
  await founder.page.getByRole('button', { name: 'Reopen the proposal' }).click()
  await founder.page.getByText('Gathering support, by its founder').waitFor()
  await assertAccessible(t, founder.page, 'the proposal, reopened')
  await founder.page.getByRole('link', { name: 'Withdraw this proposal' }).click()
  await founder.page.waitForURL(`${proposalUrl}/withdraw`)
  await assertAccessible(t, founder.page, 'the withdrawal confirmation')
  // The refused form is a 400, which Chromium reports as a console error of its own: that one, and no other.
  assertNoProblemsButRefusals(t, founder.recorded, { console: 'no console error but the 400 itself' })
})
