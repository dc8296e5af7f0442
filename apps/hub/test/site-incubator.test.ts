import t from 'tap'
import { recordProposalTransition } from '@kindred/incubator'
import {
  buildTestHub,
  csrfOf,
  insertProposal,
  provisionTestCommunity,
  signUp,
  siteVisitor,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

type Browser = SiteVisitor

/** An account signed in through the site's own form. */
async function signedIn(hub: TestHub, name: string, headers: Record<string, string> = {}): Promise<Browser & { accountId: string }> {
  const { accountId } = await signUp(hub, name)
  const visitor = siteVisitor(hub, headers)
  const form = await visitor.get('/sign-in')
  const done = await visitor.post('/sign-in', { _csrf: csrfOf(form), email: `${name}@example.org`, password: 'a long enough password' })
  if (done.statusCode !== 303) throw new Error(`signing ${name} in answered ${done.statusCode}`)
  return { ...visitor, accountId }
}

const fop = {
  diseaseName: 'Fibrodysplasia ossificans progressiva',
  orphaCode: '337',
  prevalenceClass: 'lt_1_per_1m',
  slug: 'fop',
  summary: 'A community for people living with FOP and their families.',
  languages: ['en', 'fr'],
  founderStatement: 'I have lived with FOP for twenty years.',
}

const idOf = (location: unknown): string => /^\/proposals\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? ''

t.test('the queue lists proposals gathering support with accessible progress bars, page by page', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const visitor = siteVisitor(hub)
  const empty = await visitor.get('/proposals')
  t.equal(empty.statusCode, 200)
  t.match(empty.body, /No proposals are gathering support at the moment/)
  t.match(empty.body, /<a class="button" href="\/proposals\/new">Propose a community<\/a>/)

  const seeded = await insertProposal(hub.database.db, { slug: 'alpha', status: 'open', moderators: 1, members: 1 })
  await insertProposal(hub.database.db, { slug: 'gone', status: 'withdrawn', moderators: 0, members: 0 })
  const one = await visitor.get('/proposals')
  t.match(one.body, new RegExp(`<a href="/proposals/${seeded.proposalId}">Disease alpha</a>`))
  t.match(one.body, /Gathering support/)
  t.match(
    one.body,
    new RegExp(`<span id="progress-${seeded.proposalId}-supporters" class="progress-text">2 of 3 supporters</span>`),
    'a text equivalent of the bar',
  )
  t.match(one.body, new RegExp(`<progress max="3" value="2" aria-labelledby="progress-${seeded.proposalId}-supporters">`))
  t.match(one.body, /1 of 1 volunteer moderator/)
  t.notMatch(one.body, /Disease gone/, 'only proposals gathering support')
  t.match((await siteVisitor(hub, { 'accept-language': 'fr' }).get('/proposals')).body, /2 sur 3 soutiens/)

  for (let index = 0; index < 20; index += 1)
    await insertProposal(hub.database.db, { slug: `more-${index}`, status: 'open', moderators: 0, members: 0 })
  const first = await visitor.get('/proposals?sort=newest')
  t.equal((first.body.match(/class="card proposal-card"/g) ?? []).length, 20)
  t.match(first.body, /<a href="\/proposals\?sort=newest" aria-current="page">Newest<\/a>/)
  const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&') ?? ''
  t.match(next, /^\/proposals\?sort=newest&cursor=/, 'the next page keeps the order')
  const second = await visitor.get(next)
  t.equal((second.body.match(/class="card proposal-card"/g) ?? []).length, 1)
  t.match(second.body, /Disease alpha/, 'the oldest comes last')
  t.notMatch(second.body, /rel="next"/, 'the last page has no next one')

  const foreign = await visitor.get(`/proposals?${new URLSearchParams({ cursor: /cursor=([^&]+)/.exec(next)?.[1] ?? '' })}`)
  t.equal(foreign.statusCode, 400, "another order's cursor")
  t.match(foreign.body, /Page not found/)
})

t.test('a proposal page shows the disease, its progress and history, and asks visitors to sign in to support it', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const seeded = await insertProposal(hub.database.db, { slug: 'beta', status: 'open', moderators: 0, members: 1, orphaCode: 'ORPHA:558' })
  const page = await siteVisitor(hub, { 'accept-language': 'es' }).get(`/proposals/${seeded.proposalId}`)
  t.equal(page.statusCode, 200)
  t.match(page.body, /<h1>Disease beta<\/h1>/)
  t.match(page.body, /<dd><a href="https:\/\/www.orpha.net\/en\/disease\/detail\/558" rel="external noreferrer">ORPHA:558<\/a><\/dd>/)
  t.match(page.body, /<dd>inglés<\/dd>/, "languages named in the reader's")
  t.match(page.body, /1 de 3 apoyos/)
  t.match(page.body, /0 de 1 moderador voluntario/)
  t.match(page.body, new RegExp(`<a href="/sign-in\\?next=%2Fproposals%2F${seeded.proposalId}">Inicia sesión para apoyar`))
  t.notMatch(page.body, /@example\.org|Display beta/, 'nobody is named')

  const missing = await siteVisitor(hub).get('/proposals/00000000-0000-4000-8000-000000000000')
  t.equal(missing.statusCode, 404)
  t.match(missing.body, /Page not found/)
  t.equal((await siteVisitor(hub).get('/proposals/not-an-id')).statusCode, 400)
})

t.test('proposing a community: sign in first, every problem at once with values kept, then the proposal', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const away = await siteVisitor(hub).get('/proposals/new')
  t.equal(away.statusCode, 303)
  t.equal(away.headers.location, '/sign-in?next=%2Fproposals%2Fnew')

  const ada = await signedIn(hub, 'ada')
  const form = await ada.get('/proposals/new')
  t.equal(form.statusCode, 200)
  for (const field of ['diseaseName', 'orphaCode', 'prevalenceClass', 'slug', 'summary', 'founderStatement'])
    t.match(form.body, new RegExp(`<label for="${field}">`), field)
  t.match(form.body, /<legend class="label">Languages<\/legend>/)

  const refused = await ada.post('/proposals/new', {
    _csrf: csrfOf(form),
    ...fop,
    diseaseName: 'x',
    orphaCode: 'ORPHA:abc',
    slug: 'admin',
    summary: ' ',
    languages: [],
    founderStatement: 'Still here',
    alsoKnownAs: 'Stone man syndrome\n!!',
  })
  t.equal(refused.statusCode, 400)
  for (const field of ['diseaseName', 'orphaCode', 'slug', 'summary', 'languages'])
    t.match(refused.body, new RegExp(`<li><a href="#${field}">`), `${field} in the summary`)
  t.match(refused.body, /This address is reserved/)
  t.match(refused.body, /<a href="#alsoKnownAs">The name on line 2 needs letters or numbers/)
  t.match(refused.body, /value="ORPHA:abc"/, 'what was typed is kept')
  t.match(refused.body, />\s*Still here<\/textarea>/)
  t.match(refused.body, /id="orphaCode"[^>]*aria-describedby="orphaCode-hint orphaCode-error"[^>]*aria-invalid="true"/)

  const proposed = await ada.post('/proposals/new', {
    _csrf: csrfOf(refused),
    ...fop,
    alsoKnownAs: 'Stone man syndrome\r\n\r\nMünchmeyer disease',
  })
  t.equal(proposed.statusCode, 303, 'Post/Redirect/Get')
  const id = idOf(proposed.headers.location)
  const page = await ada.get(`/proposals/${id}`)
  t.match(page.body, /<h1>Fibrodysplasia ossificans progressiva<\/h1>/)
  t.match(page.body, /<dd><a [^>]*>ORPHA:337<\/a><\/dd>/, '"337" is read as the ORPHA code')
  t.match(page.body, /<dd>Stone man syndrome, Münchmeyer disease<\/dd>/, 'other names one a line, blank lines aside')
  t.match(page.body, /You proposed this community/)
  t.match(page.body, /Proposed by its founder/)
  t.match(page.body, new RegExp(`<a href="/proposals/${id}/withdraw">Withdraw this proposal</a>`))
  t.notMatch(page.body, /Support as a future member/, 'founders do not support their own proposal')
  t.notMatch(page.body, /Edit the proposal/, 'editing waits for staff to ask for changes')

  const forged = await ada.post('/proposals/new', { _csrf: 'forged', ...fop, slug: 'fop-2' })
  t.equal(forged.statusCode, 403, 'a forged CSRF token')
  const signedOut = await siteVisitor(hub).post('/proposals/new', { _csrf: '', ...fop })
  t.equal(signedOut.statusCode, 403, 'no CSRF cookie: refused before anything else')
})

t.test('a disease that has a community or a proposal already is pointed to it; a similar name is shown first', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  await provisionTestCommunity(hub, 'gamma')
  const bo = await signedIn(hub, 'bo')
  const community = await bo.submit('/proposals/new', {
    ...fop,
    diseaseName: 'Disease gamma',
    orphaCode: '',
    slug: 'gamma-2',
  })
  t.equal(community.statusCode, 409)
  t.match(community.body, /<li><a href="#diseaseName">A community for this disease already exists.<\/a><\/li>/)
  t.match(community.body, /<a href="\/c\/gamma">\s*Join the Disease gamma community\s*<\/a>/)
  t.match(community.body, /value="gamma-2"/)

  const first = await bo.submit('/proposals/new', fop)
  const proposalId = idOf(first.headers.location)
  const cy = await signedIn(hub, 'cy')
  const duplicate = await cy.submit('/proposals/new', { ...fop, slug: 'fop-again' })
  t.equal(duplicate.statusCode, 409)
  t.match(
    duplicate.body,
    new RegExp(`<a href="/proposals/${proposalId}">\\s*Support the proposal for Fibrodysplasia ossificans progressiva\\s*</a>`),
  )
  const taken = await cy.submit('/proposals/new', { ...fop, diseaseName: 'Alkaptonuria', orphaCode: '56' })
  t.equal(taken.statusCode, 409)
  t.match(taken.body, /<li><a href="#slug">This address is already taken. Choose another<\/a><\/li>/)

  const similarForm = { ...fop, diseaseName: 'Fibrodysplasia ossificans progressiva type 2', orphaCode: '', slug: 'fop-two' }
  const similar = await cy.submit('/proposals/new', similarForm)
  t.equal(similar.statusCode, 200, 'not refused: shown, to be sent again')
  t.match(similar.body, /Is your disease already here\?/)
  t.match(similar.body, new RegExp(`<a href="/proposals/${proposalId}">Fibrodysplasia ossificans progressiva</a>`))
  const seen = /name="similarSeen" value="([^"]+)"/.exec(similar.body)?.[1] ?? ''
  t.ok(seen !== '', 'the form carries what was shown')
  const confirmed = await cy.post('/proposals/new', { _csrf: csrfOf(similar), ...similarForm, similarSeen: seen })
  t.equal(confirmed.statusCode, 303, 'sent again with the similar ones seen: proposed')
})

t.test('supporting: as a member, then volunteering to moderate, then withdrawing; founders and strangers refused', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const founder = await signedIn(hub, 'dee')
  const id = idOf((await founder.submit('/proposals/new', fop)).headers.location)
  const page = `/proposals/${id}`
  const eve = await signedIn(hub, 'eve')
  const invite = await eve.get(page)
  t.match(invite.body, /Support as a future member/)
  t.match(invite.body, /Support and volunteer to moderate/)

  const supported = await eve.post(`${page}/support`, { _csrf: csrfOf(invite), as: 'member' })
  t.equal(supported.statusCode, 303)
  t.equal(supported.headers.location, page)
  const asMember = await eve.get(page)
  t.match(asMember.body, /You support this proposal as a future member/)
  t.match(asMember.body, /1 of 3 supporters/)
  await eve.post(`${page}/support`, { _csrf: csrfOf(asMember), as: 'moderator' })
  const asModerator = await eve.get(page)
  t.match(asModerator.body, /You support this proposal and volunteer to moderate it/)
  t.match(asModerator.body, /1 of 1 volunteer moderator/)
  t.match(asModerator.body, /Support as a member only/)
  t.equal((await eve.post(`${page}/support/withdraw`, { _csrf: csrfOf(asModerator) })).statusCode, 303)
  t.match((await eve.get(page)).body, /0 of 3 supporters/)

  const own = await founder.post(`${page}/support`, { _csrf: csrfOf(await founder.get(page)), as: 'member' })
  t.equal(own.statusCode, 403)
  t.match(own.body, /You cannot see this page/)
  const notSupporting = await eve.post(`${page}/support/withdraw`, { _csrf: csrfOf(await eve.get(page)) })
  t.equal(notSupporting.statusCode, 404, 'no support to withdraw')
  const unknown = await eve.post(`${page}/support`, { _csrf: csrfOf(await eve.get(page)), as: 'lurker' })
  t.equal(unknown.statusCode, 400)
  const signedOut = siteVisitor(hub)
  const away = await signedOut.post(`${page}/support`, { _csrf: csrfOf(await signedOut.get(page)), as: 'member' })
  t.equal(away.statusCode, 303)
  t.equal(away.headers.location, `/sign-in?next=${encodeURIComponent(page)}`)
  t.equal((await eve.post(`${page}/support`, { _csrf: 'forged', as: 'member' })).statusCode, 403, 'a forged CSRF token')
})

t.test("the founder sees staff's request for changes, edits the proposal and reopens it; nobody else may", async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const founder = await signedIn(hub, 'fay')
  const staff = await signUp(hub, 'gil', { staff: true })
  const id = idOf((await founder.submit('/proposals/new', fop)).headers.location)
  const page = `/proposals/${id}`
  const notYet = await founder.get(`${page}/edit`)
  t.equal(notYet.statusCode, 409, 'not before staff ask for changes')

  await recordProposalTransition(hub.database.db, {
    proposalId: id,
    from: 'open',
    to: 'changes_requested',
    actor: 'staff',
    actorId: staff.accountId,
    reason: 'Please say which languages you speak',
  })
  const asked = await founder.get(page)
  t.match(asked.body, /Network staff asked for changes/)
  t.match(asked.body, /<blockquote>Please say which languages you speak<\/blockquote>/)
  t.match(asked.body, /Changes requested, by network staff/)
  t.match(asked.body, new RegExp(`<a class="button" href="${page}/edit">Edit the proposal</a>`))

  const stranger = await signedIn(hub, 'hal')
  t.equal((await stranger.get(`${page}/edit`)).statusCode, 403)
  const strangerEdit = await stranger.submit(page, fop, `${page}/edit`)
  t.equal(strangerEdit.statusCode, 403)
  t.match(strangerEdit.body, /You cannot see this page/)
  t.notMatch((await stranger.get(page)).body, /Edit the proposal/)
  t.equal((await stranger.submit(page, {}, `${page}/reopen`)).statusCode, 403)

  const form = await founder.get(`${page}/edit`)
  t.equal(form.statusCode, 200)
  t.match(form.body, /value="Fibrodysplasia ossificans progressiva"/, 'the form starts from the proposal')
  t.match(form.body, /<input type="checkbox" id="languages-fr" name="languages" value="fr" checked\/>/)
  const refused = await founder.post(`${page}/edit`, { _csrf: csrfOf(form), ...fop, summary: '', slug: 'Not A Slug' })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, /<li><a href="#summary">/)
  t.match(refused.body, /value="Not A Slug"/)
  const edited = await founder.post(`${page}/edit`, {
    _csrf: csrfOf(refused),
    ...fop,
    summary: 'For people with FOP, in English, French and Spanish.',
    languages: ['en', 'fr', 'es'],
  })
  t.equal(edited.statusCode, 303)
  t.equal(edited.headers.location, page)
  const after = await founder.get(page)
  t.match(after.body, /For people with FOP, in English, French and Spanish./)
  t.match(after.body, /English, French, Spanish/)

  const reopened = await founder.post(`${page}/reopen`, { _csrf: csrfOf(after) })
  t.equal(reopened.statusCode, 303)
  const open = await founder.get(page)
  t.match(open.body, /Gathering support, by its founder/)
  t.notMatch(open.body, /Network staff asked for changes/)
})

t.test('the founder withdraws a proposal after a confirmation page, saying why', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const founder = await signedIn(hub, 'ida')
  const id = idOf((await founder.submit('/proposals/new', fop)).headers.location)
  const page = `/proposals/${id}`
  const stranger = await signedIn(hub, 'jo')
  t.equal((await stranger.get(`${page}/withdraw`)).statusCode, 403)
  t.equal((await stranger.submit(page, { reason: '' }, `${page}/withdraw`)).statusCode, 403)

  const confirm = await founder.get(`${page}/withdraw`)
  t.equal(confirm.statusCode, 200)
  t.match(confirm.body, /Withdraw your proposal for Fibrodysplasia ossificans progressiva\?/)
  t.match(confirm.body, new RegExp(`<a href="${page}">Keep the proposal</a>`))
  const withdrawn = await founder.post(`${page}/withdraw`, { _csrf: csrfOf(confirm), reason: 'We joined another group' })
  t.equal(withdrawn.statusCode, 303)
  const after = await founder.get(page)
  t.match(after.body, /Withdrawn, by its founder/)
  t.match(after.body, /<blockquote>We joined another group<\/blockquote>/)
  t.notMatch(after.body, /Withdraw this proposal/)
  t.equal((await founder.submit(page, { reason: '' }, `${page}/withdraw`)).statusCode, 409, 'once only')
  t.notMatch((await founder.get('/proposals')).body, /Fibrodysplasia/, 'no longer in the queue')
})

t.test("proposing spends the API's budget of proposals per account, but a refused form does not", async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false, env: { KINDRED_LIMIT_PROPOSALS_PER_ACCOUNT: '1/1d' } })
  const kit = await signedIn(hub, 'kit')
  t.equal((await kit.submit('/proposals/new', { ...fop, summary: '' })).statusCode, 400)
  t.equal((await kit.submit('/proposals/new', fop)).statusCode, 303, 'the refused form spent nothing')
  const again = await kit.submit('/proposals/new', { ...fop, diseaseName: 'Alkaptonuria', orphaCode: '56', slug: 'aku' })
  t.equal(again.statusCode, 429)
  t.match(again.body, /Too many attempts/)
})
