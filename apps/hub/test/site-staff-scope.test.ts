import t from 'tap'
import { buildTestHub, locationOf, routesUnder, siteSignUp, siteStaff, siteVisitor } from '@kindred/testkit'

// The staff console sits behind one onRequest hook. Its routes are read from the server's own route tree
// rather than listed here, so a page or form added later is held to the same rule.

// Path parameters left as their own names and no body at all: a request no handler could take, so an answer
// other than 400 comes from before validation, where the hook runs.
const unreadable = (path: string) => path.replace(/:(\w+)/g, '$1')

t.test('the staff console: staff only on every page and form, before the request is read', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const routes = routesUnder(hub.app, '/staff')
  t.ok(routes.length >= 10, `${routes.length} staff routes`)
  const member = await siteSignUp(hub, 'member')
  const outsider = siteVisitor(hub)

  for (const { method, path } of routes) {
    const url = unreadable(path)
    const asMember = method === 'GET' ? await member.get(url) : await member.post(url, {})
    t.equal(asMember.statusCode, 403, `a member: ${method} ${path}`)
    t.match(asMember.body, /network staff|<h1/, `a member gets the refusal page: ${method} ${path}`)
    const signedOut = method === 'GET' ? await outsider.get(url) : await outsider.post(url, {})
    t.equal(signedOut.statusCode, 303, `signed out: ${method} ${path}`)
    t.match(locationOf(signedOut), /^\/sign-in\?next=/, `signed out, sent to sign in: ${method} ${path}`)
  }

  const home = await member.get('/')
  t.notMatch(home.body, 'href="/staff"', 'a member is not offered the console')
  const staff = await siteStaff(hub, 'staffer')
  const console = await staff.get('/staff')
  t.equal(console.statusCode, 200, 'staff open the console')
  t.match((await staff.get('/')).body, 'href="/staff"', 'the header offers staff their console')
})
