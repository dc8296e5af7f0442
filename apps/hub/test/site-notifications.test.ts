import t from 'tap'
import type { CommunityActor } from '@kindred/community'
import { listCategories } from '@kindred/forum'
import { followCategory, notificationPreferences, threadFollowing } from '@kindred/notifications'
import {
  buildTestHub,
  csrfOf,
  foundingVisitor,
  hubTasks,
  joinOnSite,
  locationOf,
  provisionTestCommunity,
  runDueJobs,
  siteSignUp,
  siteVisitor,
  startThreadOnSite,
  tenantOf,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

// A member's actor in a tenant, found by pseudonym: for setting up or checking behind the site's back.
async function actorOf(hub: TestHub, slug: string, pseudonym: string): Promise<CommunityActor> {
  const tenant = await tenantOf(hub, slug)
  const row = await tenant.query
    .selectFrom('members')
    .select(['member_id', 'role'])
    .where('pseudonym', '=', pseudonym)
    .executeTakeFirstOrThrow()
  return { tenant, member: { memberId: row.member_id, pseudonym, role: row.role, charterVersion: 1 } }
}

const firstCategory = async (hub: TestHub, slug: string) => {
  const [category] = await listCategories(await tenantOf(hub, slug))
  if (category === undefined) throw new Error('no category')
  return category
}

const reply = (visitor: SiteVisitor, threadId: string, body: string, slug = 'fop') =>
  visitor.submit(`/c/${slug}/t/${threadId}`, { body, intent: 'post' })

// The part of the notifications page about one community.
const sectionOf = (page: string, slug: string): string =>
  new RegExp(`<section class="community-notifications" aria-labelledby="notifications-${slug}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? ''

async function twoCommunities(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'rare')
  // Each member with a pseudonym of their own in each community, which must never meet.
  const ada = await siteSignUp(hub, 'ada')
  await joinOnSite(ada, 'Bone Builder', 'fop')
  await joinOnSite(ada, 'Quiet Fern', 'rare')
  const bea = await siteSignUp(hub, 'bea')
  await joinOnSite(bea, 'Night Owl', 'fop')
  await joinOnSite(bea, 'Morning Lark', 'rare')
  return { hub, ada, bea }
}

t.test(
  'the notifications page lists each community apart, with its own pseudonyms, unread marked and counted in the header; reading the thread reads them',
  async (t) => {
    const { hub, ada, bea } = await twoCommunities(t)
    // Ada watches both communities' first category (behind the site's back: the subject here is the list).
    for (const [slug, pseudonym] of [
      ['fop', 'Bone Builder'],
      ['rare', 'Quiet Fern'],
    ] as const) {
      await followCategory(await actorOf(hub, slug, pseudonym), (await firstCategory(hub, slug)).id, 'watching')
    }
    const mornings = await startThreadOnSite(bea, 'Mornings', 'Stiff again', 'fop')
    await startThreadOnSite(bea, 'Sleep', 'Hours of it', 'rare')
    t.equal((await reply(bea, mornings, 'And a reply')).statusCode, 303)
    await runDueJobs(hub.database.pool, hubTasks(hub))

    const page = await ada.get('/notifications')
    t.equal(page.statusCode, 200)
    t.match(page.body, /<h1>Notifications<\/h1>/)
    t.match(
      page.body,
      /<a href="\/notifications" aria-current="page">Notifications <span class="badge unread"><span aria-hidden="true">3 new<\/span><span class="visually-hidden">3 unread notifications<\/span><\/span><\/a>/,
      'the header counts the unread ones of every community, in words, as the page has just counted them',
    )
    const fop = sectionOf(page.body, 'fop')
    const rare = sectionOf(page.body, 'rare')
    t.match(fop, /<h2 id="notifications-fop">/)
    const replied = /<a href="\/c\/fop\/p\/(\d+)">Night Owl replied in “Mornings”<\/a>/.exec(fop)
    t.ok(replied, 'a reply, told with the author’s pseudonym in that community, linking to the post')
    t.match(fop, /Night Owl replied in “Mornings”[\s\S]*Night Owl started “Mornings”/, 'newest first; a new thread is "started"')
    t.match(fop, /<span class="badge unread"><span aria-hidden="true">New<\/span><span class="visually-hidden">Unread<\/span><\/span>/)
    t.match(fop, /2 unread/)
    t.match(rare, /Morning Lark started “Sleep”/)
    t.notMatch(fop, /Morning Lark|Quiet Fern/, 'nothing of another community')
    t.notMatch(rare, /Night Owl|Bone Builder/, 'nothing of another community')
    t.match(fop, /<a href="\/c\/fop\/notifications\/settings">Notification settings for Disease fop<\/a>/)

    const postId = replied?.[1] ?? ''
    const link = await ada.get(`/c/fop/p/${postId}`)
    t.equal(locationOf(link), `/c/fop/t/${mornings}#post-${postId}`, 'the link leads to the post in its thread')
    t.equal((await ada.get(locationOf(link))).statusCode, 200)
    const after = await ada.get('/notifications')
    t.notMatch(sectionOf(after.body, 'fop'), /Unread/, 'reading the thread read its notifications')
    t.match(sectionOf(after.body, 'fop'), /Nothing unread/)
    t.match(sectionOf(after.body, 'rare'), /1 unread/, "another community's stay unread")
    t.match(after.body, /<span aria-hidden="true">1 new<\/span>/, 'and the header says so at once')
  },
)

t.test('"mark all as read" works per community, after a redirect, and refuses a form without its token', async (t) => {
  const { hub, ada, bea } = await twoCommunities(t)
  const mornings = await startThreadOnSite(ada, 'Mornings', 'Stiff again', 'fop')
  const sleep = await startThreadOnSite(ada, 'Sleep', 'Hours', 'rare')
  await reply(bea, mornings, 'Same here')
  await reply(bea, sleep, 'Me too', 'rare')
  await runDueJobs(hub.database.pool, hubTasks(hub))

  const page = await ada.get('/notifications')
  t.match(page.body, /<form method="post" action="\/c\/fop\/notifications\/read">/)
  t.match(page.body, /<button type="submit" class="secondary">Mark all as read in Disease fop<\/button>/)
  const forged = await ada.post('/c/fop/notifications/read', { _csrf: 'forged' })
  t.equal(forged.statusCode, 403, 'a forged token is refused')
  t.match(sectionOf((await ada.get('/notifications')).body, 'fop'), /1 unread/, 'and nothing changed')

  const marked = await ada.post('/c/fop/notifications/read', { _csrf: csrfOf(page) })
  t.equal(marked.statusCode, 303)
  t.equal(locationOf(marked), '/notifications?marked=fop')
  const done = await ada.get(locationOf(marked))
  t.match(done.body, /<p class="notice" role="status">All your notifications in Disease fop are marked as read\.<\/p>/)
  t.match(sectionOf(done.body, 'fop'), /Nothing unread/)
  t.notMatch(sectionOf(done.body, 'fop'), /Mark all as read/, 'nothing left to mark')
  t.match(sectionOf(done.body, 'rare'), /1 unread/, 'the other community is left as it was')
  t.match(sectionOf(done.body, 'fop'), /Night Owl replied in “Mornings”/, 'read ones stay listed')

  const cyd = await siteSignUp(hub, 'cyd')
  const nothing = await cyd.get('/notifications')
  t.match(nothing.body, /You are not a member of any community yet/)
  t.notMatch(nothing.body, /href="\/notifications"/, 'no header link for a visitor of no community')
  const outsider = await cyd.post('/c/fop/notifications/read', { _csrf: csrfOf(nothing) })
  t.equal(locationOf(outsider), '/c/fop', 'a visitor who is not a member is sent to the community page')
  t.equal(locationOf(await siteVisitor(hub).get('/notifications')), '/sign-in?next=%2Fnotifications', 'signed out: sign in first')
})

t.test('notification settings: defaults shown, a bad choice re-rendered with 400 and nothing changed, a good one saved', async (t) => {
  const hub = await buildTestHub(t)
  const proposal = await provisionTestCommunity(hub, 'fop')
  const ada = await siteSignUp(hub, 'ada')
  await joinOnSite(ada, 'Bone Builder')
  const settings = '/c/fop/notifications/settings'

  t.match(
    (await ada.get('/c/fop')).body,
    /<a href="\/c\/fop\/notifications\/settings">Notification settings<\/a>/,
    'the community links to it',
  )
  const form = await ada.get(settings)
  t.equal(form.statusCode, 200)
  t.match(form.body, /<h1>Notifications in Disease fop<\/h1>/)
  t.match(form.body, /<legend class="label">Replies<\/legend>/)
  t.match(form.body, /<input type="radio" id="reply" name="reply" value="immediately" checked/, 'the defaults are chosen')
  t.match(form.body, /<legend class="label">Your request to join<\/legend>/)
  t.notMatch(form.body, /name="moderation"/, 'no moderation choice for a member')
  t.match(form.body, /name="includeText" type="checkbox" value="yes" aria-describedby="includeText-hint"\s*\/>/, 'post text is off')
  t.match(form.body, /Email passes through servers that nobody here controls/)
  t.match(form.body, /<a href="\/notifications">See all your notifications<\/a>/)

  t.match(form.body, /<input type="radio" id="digest-weekly" name="digest" value="weekly" checked/, 'new threads weekly by default')
  const chosen = { reply: 'daily', mention: 'weekly', message: 'off', join_decision: 'immediately', digest: 'daily' }
  const bad = await ada.post(settings, { _csrf: csrfOf(form), ...chosen, reply: 'hourly', includeText: 'yes' })
  t.equal(bad.statusCode, 400)
  t.match(bad.body, /<div class="error-summary"[\s\S]*<a href="#reply">Choose how to hear about replies<\/a>/)
  t.match(bad.body, /<span class="error-message" id="reply-error">Choose how to hear about replies<\/span>/)
  t.match(bad.body, /id="mention-weekly" name="mention" value="weekly" checked/, 'the other choices are kept')
  t.match(bad.body, /name="includeText" type="checkbox" value="yes" checked/, 'the box stays ticked')
  const missing = await ada.post(settings, { _csrf: csrfOf(form), reply: 'daily' })
  t.equal(missing.statusCode, 400, 'a question left unanswered')
  t.match(missing.body, /<a href="#mention">Choose how to hear about mentions<\/a>/)
  t.equal((await ada.post(settings, { _csrf: 'forged', ...chosen })).statusCode, 403, 'a forged token is refused')
  const ada_ = await actorOf(hub, 'fop', 'Bone Builder')
  t.same((await notificationPreferences(ada_)).cadences.reply, 'immediately', 'nothing changed')

  const saved = await ada.post(settings, { _csrf: csrfOf(form), ...chosen, moderation: 'off', includeText: 'yes' })
  t.equal(saved.statusCode, 303)
  t.equal(locationOf(saved), `${settings}?saved=1`)
  const shown = await ada.get(locationOf(saved))
  t.match(shown.body, /<p class="notice" role="status">Your notification settings are saved\.<\/p>/)
  t.match(shown.body, /id="reply-daily" name="reply" value="daily" checked/)
  t.match(shown.body, /name="includeText" type="checkbox" value="yes" checked/)
  t.same(await notificationPreferences(ada_), {
    cadences: { reply: 'daily', mention: 'weekly', message: 'off', join_decision: 'immediately', moderation: 'daily' },
    includeText: true,
    digest: 'daily',
  })

  const unticked = await ada.post(settings, { _csrf: csrfOf(form), ...chosen })
  t.equal(unticked.statusCode, 303)
  t.equal((await notificationPreferences(ada_)).includeText, false, 'a box left unticked turns the text off')

  const owner = await foundingVisitor(hub, proposal.founderId, 'Founder Fran')
  const ownForm = await owner.get(settings)
  t.match(ownForm.body, /<legend class="label">Moderation<\/legend>/, 'moderators choose for moderation too')
  const ownSaved = await owner.post(settings, { _csrf: csrfOf(ownForm), ...chosen, moderation: 'weekly' })
  t.equal(ownSaved.statusCode, 303)
  t.equal((await notificationPreferences(await actorOf(hub, 'fop', 'Founder Fran'))).cadences.moderation, 'weekly')

  t.equal(locationOf(await siteVisitor(hub).get(settings)), `/sign-in?next=${encodeURIComponent(settings)}`, 'signed out: sign in first')
  const cyd = await siteSignUp(hub, 'cyd')
  t.equal(locationOf(await cyd.get(settings)), '/c/fop', 'not a member: the community page')
})

t.test('watching and muting a thread and a category from their pages', async (t) => {
  const { hub, ada, bea } = await twoCommunities(t)
  const mornings = await startThreadOnSite(ada, 'Mornings', 'Stiff again', 'fop')
  const threadPath = `/c/fop/t/${mornings}`
  const thread = await ada.get(threadPath)
  t.match(thread.body, /<h2 id="following-title">Notifications for this thread<\/h2>/)
  t.match(thread.body, /You get notified because you posted here/)
  t.match(thread.body, /<button type="submit" class="secondary" name="level" value="watching">Watch this thread<\/button>/)
  t.match(thread.body, /value="muted">Mute this thread<\/button>/)
  t.notMatch(thread.body, /Go back to normal/, 'no button for the state the member is in')

  t.equal((await ada.post(`${threadPath}/follow`, { _csrf: 'forged', level: 'muted' })).statusCode, 403, 'a forged token is refused')
  t.equal((await ada.post(`${threadPath}/follow`, { _csrf: csrfOf(thread), level: 'loud' })).statusCode, 400, 'no such choice')
  const ada_ = await actorOf(hub, 'fop', 'Bone Builder')
  t.equal(await threadFollowing(ada_, mornings), 'participating', 'nothing changed')

  const muted = await ada.post(`${threadPath}/follow`, { _csrf: csrfOf(thread), level: 'muted' })
  t.equal(muted.statusCode, 303)
  t.equal(locationOf(muted), `${threadPath}#following`, 'back to the thread, where the choice is')
  const mutedPage = await ada.get(threadPath)
  t.match(mutedPage.body, /You have muted this thread/)
  t.match(mutedPage.body, /value="normal">Go back to normal<\/button>/)
  await reply(bea, mornings, 'Hello?')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.match(sectionOf((await ada.get('/notifications')).body, 'fop'), /Nothing to tell you about here yet/, 'a muted thread tells nothing')

  await ada.post(`${threadPath}/follow`, { _csrf: csrfOf(mutedPage), level: 'watching' })
  t.match((await ada.get(threadPath)).body, /You are watching this thread/)
  await ada.post(`${threadPath}/follow`, { _csrf: csrfOf(mutedPage), level: 'normal' })
  t.equal(await threadFollowing(ada_, mornings), 'participating', 'back to normal: told as one who posted there')

  const category = await firstCategory(hub, 'fop')
  t.notMatch((await bea.get('/c/fop')).body, /following-title/, 'the whole forum offers no watching')
  const categoryPage = await bea.get(`/c/fop?category=${category.id}`)
  t.match(categoryPage.body, new RegExp(`<h2 id="following-title">Notifications for ${category.name}</h2>`))
  t.match(categoryPage.body, /You are told about threads in this category only if you started them/)
  t.match(categoryPage.body, new RegExp(`<form method="post" action="/c/fop/categories/${category.id}/follow"`))
  const watched = await bea.post(`/c/fop/categories/${category.id}/follow`, { _csrf: csrfOf(categoryPage), level: 'watching' })
  t.equal(locationOf(watched), `/c/fop?category=${category.id}#following`)
  t.match((await bea.get(`/c/fop?category=${category.id}`)).body, /You are watching this category/)
  t.equal(
    (await bea.post('/c/fop/categories/999999/follow', { _csrf: csrfOf(categoryPage), level: 'watching' })).statusCode,
    404,
    'no such category',
  )
  await startThreadOnSite(ada, 'Sleep', 'Hours', 'fop')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.match(
    sectionOf((await bea.get('/notifications')).body, 'fop'),
    /Bone Builder started “Sleep”/,
    'a watched category tells of new threads',
  )
  await bea.post(`/c/fop/categories/${category.id}/follow`, { _csrf: csrfOf(categoryPage), level: 'muted' })
  t.match((await bea.get(`/c/fop?category=${category.id}`)).body, /You have muted this category/)

  const cyd = await siteSignUp(hub, 'cyd')
  const outsider = await cyd.post(`${threadPath}/follow`, { _csrf: csrfOf(await cyd.get('/')), level: 'watching' })
  t.equal(locationOf(outsider), '/c/fop', 'not a member: the community page')
})
