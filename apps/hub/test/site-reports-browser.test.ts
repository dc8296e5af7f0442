// Reporting and moderating in a real Chromium: a member reports a post by keyboard alone (a refused
// report first), the moderator hides it from the reports queue by keyboard alone, the member then reads
// it as hidden. Every page of the flow passes axe's WCAG 2.2 AA rules at desktop and phone width, fits
// the phone's width, logs no error and asks nothing of another origin.
import t from 'tap'
import type { Page } from 'playwright-core'
import {
  assertNoProblems,
  buildTestHub,
  checkPage,
  focusedId,
  foundingVisitor,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  signUpAndJoinInBrowser,
  siteMember,
  startThreadOnSite,
  tabTo,
  tabToText,
  tabUntil,
  takeRefusal,
  tenantOf,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
const proposal = await provisionTestCommunity(hub, 'fop')
const tenant = await tenantOf(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

// The volunteer moderator named at provisioning takes their place; the browser then uses the same session.
const moderatorSession = (await foundingVisitor(hub, proposal.moderatorIds[0] ?? '', 'Kind Keeper')).jar.get('kindred_session') ?? ''
const ada = await siteMember(hub, 'ada')
const memberIdOf = async (pseudonym: string) =>
  (await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()).member_id

// A thread by ada whose reply is the post to report (hiding an opening post would hide the whole thread).
async function threadWithReply(title: string, reply: string): Promise<{ threadId: string; replyId: string }> {
  const threadId = await startThreadOnSite(ada, title, 'How do you manage?')
  const replied = await ada.submit(`/c/fop/t/${threadId}`, { body: reply, intent: 'post' })
  const replyId = /#post-(\d+)$/.exec(String(replied.headers.location))?.[1]
  if (replyId === undefined) throw new Error(`replying answered ${replied.statusCode}`)
  return { threadId, replyId }
}

const focusedHref = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('href'))

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`a member reports a post and the moderator hides it, both by keyboard (${width})`, async (t) => {
    const name = phone ? 'Pia' : 'Dora'
    const { threadId, replyId } = await threadWithReply(`Treatment, ${width}`, 'Stop your *medicine*: it is all lies.')
    const member = await openPage(browser, t, { baseUrl, phone })
    await signUpAndJoinInBrowser(hub, member.page, name)

    const { page } = member
    await page.goto(`/c/fop/t/${threadId}`)
    await tabUntil(page, 'the reply’s report link', async () => (await focusedHref(page)) === `/c/fop/report/post/${replyId}`)
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/report/post/*')
    await checkPage(t, page, `report a post (${width})`)
    await tabToText(page, 'Send the report')
    await page.keyboard.press('Enter')
    await page.waitForLoadState()
    t.equal(await page.locator('.error-summary a').textContent(), 'Choose what is wrong with it', 'a report without a reason is refused')
    await checkPage(t, page, `report refused (${width})`)
    await tabTo(page, 'reason')
    await page.keyboard.press('Space')
    await tabTo(page, 'details')
    await page.keyboard.type('Tells people to stop their treatment')
    await tabToText(page, 'Send the report')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/c/fop/t/${threadId}?done=reported*`)
    t.equal(await page.locator('p.notice[role="status"]').textContent(), 'Thank you, the moderators will look at it.')
    await checkPage(t, page, `thread after a report (${width})`)

    const message = await tenant.query
      .insertInto('messages')
      .values({
        sender_id: await memberIdOf('ada here'),
        recipient_id: await memberIdOf(`${name} here`),
        body_markdown: 'Buy',
        body_html: '<p>Buy</p>\n',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await page.goto(`/c/fop/report/message/${message.id}`)
    await checkPage(t, page, `report a message (${width})`)

    const moderator = await openPage(browser, t, { baseUrl, phone })
    await moderator.context.addCookies([{ name: 'kindred_session', value: moderatorSession, url: baseUrl }])
    const desk = moderator.page
    await desk.goto('/c/fop/moderate/reports')
    t.match(await desk.locator('main').textContent(), /Health advice that could harm someone\s*Tells people to stop their treatment/)
    await checkPage(t, desk, `reports queue (${width})`)
    await tabUntil(desk, 'the note', async () => (await focusedId(desk))?.startsWith('note-') === true)
    await desk.keyboard.type('Could harm someone')
    await tabToText(desk, 'Hide the post')
    await desk.keyboard.press('Enter')
    await desk.waitForURL('**/c/fop/moderate/reports?done=hidden')
    t.match(await desk.locator('main').textContent(), /There are no open reports/)
    await checkPage(t, desk, `reports queue, emptied (${width})`)
    await desk.goto('/c/fop/moderate/reports?state=resolved')
    await checkPage(t, desk, `resolved reports (${width})`)
    await desk.goto(`/c/fop/t/${threadId}`)
    t.equal(await desk.locator('.post-hidden em').textContent(), 'medicine', 'the moderator reads the hidden text')
    await checkPage(t, desk, `thread with a hidden post, as a moderator (${width})`)
    await desk.getByRole('link', { name: 'Lock this thread' }).click()
    await desk.waitForURL('**/lock')
    await checkPage(t, desk, `lock a thread (${width})`)
    await desk.getByRole('button', { name: 'Lock the thread' }).click()
    await desk.waitForURL('**?done=locked')
    await desk.getByRole('link', { name: /^Show again/ }).click()
    await desk.waitForURL('**/restore')
    await checkPage(t, desk, `restore a post (${width})`)

    await page.goto(`/c/fop/t/${threadId}`)
    t.match(await page.locator('main').textContent(), /This post was hidden by a moderator\.[\s\S]*This thread is locked/)
    t.equal(await page.locator('main em', { hasText: 'medicine' }).count(), 0, 'members do not get the text')
    await checkPage(t, page, `thread with a hidden post, as a member (${width})`)
    // The refused report is a 400, which Chromium reports as a console error of its own: that one, and no other.
    takeRefusal(t, member.recorded, 'the refused report was a 400', '/report/post/')
    assertNoProblems(t, member.recorded, `member (${width})`)
    assertNoProblems(t, moderator.recorded, `moderator (${width})`)
  })
}
