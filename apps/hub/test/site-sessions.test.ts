import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildAnotherHub, buildTestHub, csrfOf, siteSignUp, siteVisitor, withoutLoadShedding } from '@kindred/testkit'

// The hub as deployed, browser sessions kept in memory, and a second hub on the same database: a session
// signed out through one hub must be refused by both, though each has it in memory.
const env = { ...withoutLoadShedding, CACHE_TTL_MS: '60000' }

const signedInOn = async (app: FastifyInstance, cookie: string) =>
  /signed-in-as/.test((await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', cookie } })).body)

async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

t.test('a session signed out on one hub is refused on every hub at once, though each keeps sessions in memory', async (t) => {
  const hub = await buildTestHub(t, { env })
  const other = await buildAnotherHub(t, hub)
  const ada = await siteSignUp(hub, 'ada')
  const cookie = `kindred_session=${ada.jar.get('kindred_session') ?? ''}`
  // Both hubs read the session (and the account's validity) once their LISTEN is up, then keep them.
  await new Promise((resolve) => setTimeout(resolve, 300))
  for (const app of [hub.app, other]) t.ok(await signedInOn(app, cookie), 'signed in before')

  const out = await ada.post('/sign-out', { _csrf: csrfOf(await ada.get('/')) })
  t.equal(out.statusCode, 303)
  t.notOk(await signedInOn(hub.app, cookie), 'the hub that signed it out refuses it at once')
  t.ok(await eventually(async () => !(await signedInOn(other, cookie))), 'the other hub refuses it as soon as it hears')
})

t.test('signing one browser out leaves the same account signed in on another', async (t) => {
  const hub = await buildTestHub(t, { env })
  const laptop = await siteSignUp(hub, 'ada')
  const phone = siteVisitor(hub)
  const signedIn = await phone.submit('/sign-in', { email: 'ada@example.org', password: 'a long enough password' })
  t.equal(signedIn.statusCode, 303)
  const laptopCookie = `kindred_session=${laptop.jar.get('kindred_session') ?? ''}`
  const phoneCookie = `kindred_session=${phone.jar.get('kindred_session') ?? ''}`
  t.not(laptopCookie, phoneCookie, 'two sessions')
  await phone.post('/sign-out', { _csrf: csrfOf(await phone.get('/')) })
  t.notOk(await signedInOn(hub.app, phoneCookie), 'the phone is signed out')
  t.ok(await signedInOn(hub.app, laptopCookie), 'the laptop is not')
})
