// The forged-token corpus (issue 13): every way we know to make a token the hub should not accept, each sent
// to a hub route and to a community route of the real app. Every one must be answered 401, never anything
// else (a 500 is a crash an attacker can provoke at will; a 2xx or 403 means the token got further than it
// should). Tokens are signed with the test hub's real key where the attack needs it, so the refusal is the
// verifier's doing, not a bad signature's.
import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto'
import t from 'tap'
import { communityAudience, hubAudience } from '@kindred/tokens'
import {
  buildTestHub,
  communityMember,
  forge,
  forgeHs256,
  hubKeySigner,
  provisionTestCommunity,
  signUp,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
} from '@kindred/testkit'

// The hub as deployed: caches on, so refusals must hold against what it keeps in memory too.
const hub = await buildTestHub(t, { env: { ...withoutLoadShedding, CACHE_TTL_MS: '60000' } })
await provisionTestCommunity(hub, 'fop')
await provisionTestCommunity(hub, 'pku')
const signer = await hubKeySigner(hub)
const attacker = generateKeyPairSync('ed25519')
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const password = 'a long enough password'

// Ada is the member whose identity the forgeries claim; Bo belongs to another community.
const ada = await communityMember(hub, 'fop', 'ada')
const bo = await communityMember(hub, 'pku', 'bo')
// As if Ada had signed in long ago: a forged `iat` is then refused for what it is, not for predating the account.
await hub.database.db
  .updateTable('hub.accounts')
  .set({ sessions_valid_after: new Date(Date.now() - 24 * 3600_000) })
  .where('id', '=', ada.account.accountId)
  .execute()

/** Members whose tokens were issued before their account ended them, one way each. */
async function revokedMembers(hub: TestHub): Promise<Record<string, CommunityMember>> {
  const banned = await communityMember(hub, 'fop', 'banned-cy')
  const changed = await communityMember(hub, 'fop', 'changed-dee')
  const erased = await communityMember(hub, 'fop', 'erased-eve')
  const signedOut = await communityMember(hub, 'fop', 'signed-out-flo')
  const staff = await signUp(hub, 'staff-gus', { staff: true })
  const call = (method: 'POST' | 'DELETE', url: string, token: string, payload: object) =>
    hub.app.inject({ method, url, headers: bearer(token), payload }).then((reply) => {
      if (reply.statusCode >= 300) throw new Error(`${method} ${url} answered ${reply.statusCode}: ${reply.body}`)
    })
  await call('POST', `/v1/admin/accounts/${banned.account.accountId}/ban`, staff.accessToken, { reason: 'Forged-token corpus' })
  await call('POST', '/v1/me/password', changed.account.accessToken, {
    currentPassword: password,
    newPassword: 'another long enough password',
  })
  await call('DELETE', '/v1/me', erased.account.accessToken, { password })
  await call('POST', '/v1/auth/logout', signedOut.account.accessToken, { refreshToken: signedOut.account.refreshToken })
  return { 'a network ban': banned, 'a password change': changed, 'an erasure request': erased, 'signing out': signedOut }
}
const revoked = await revokedMembers(hub)

interface Target {
  name: 'hub' | 'community'
  url: string
  /** A valid token for this route, as the hub issues it. */
  real: string
  /** A token of the other kind (hub for community, community for hub). */
  otherKind: string
  /** The claims a valid token for this route carries, fresh each time. */
  claims(): Record<string, unknown>
  /** What a revoked member holds for this route. */
  tokenOf(member: CommunityMember): string
}

const now = () => Math.floor(Date.now() / 1000)
const fresh = () => ({ iss: 'kindred', iat: now(), exp: now() + 300, jti: randomUUID() })
const targets: Target[] = [
  {
    name: 'hub',
    url: '/v1/me',
    real: ada.account.accessToken,
    otherKind: ada.token,
    claims: () => ({ ...fresh(), aud: hubAudience, sub: ada.account.accountId }),
    tokenOf: (member) => member.account.accessToken,
  },
  {
    name: 'community',
    url: '/v1/c/fop/threads',
    real: ada.token,
    otherKind: ada.account.accessToken,
    claims: () => ({ ...fresh(), aud: communityAudience('fop'), sub: ada.memberId, role: 'owner', pseudonym: 'ada here' }),
    tokenOf: (member) => member.token,
  },
]

const jwk = (await hub.tokens.jwks()).keys[0]
if (jwk === undefined) throw new Error('no published key')
const publicPem = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' }).export({ format: 'pem', type: 'spki' })
const parts = (token: string): [string, string, string] => {
  const [header = '', payload = '', signature = ''] = token.split('.')
  return [header, payload, signature]
}
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const without = (claims: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name))
const flip = (text: string) => `${text.slice(0, -2)}${text.at(-2) === 'A' ? 'B' : 'A'}${text.at(-1) ?? ''}`

type Case = [name: string, token: (target: Target) => string]

const injectedKids = [
  '../../../../../../dev/null',
  '/etc/passwd',
  "' OR '1'='1",
  "x'; drop table hub.signing_keys; --",
  'kid\u0000',
  '%00',
  '{"$ne":null}',
  'k'.repeat(4096),
]
const nonUuidSubjects: unknown[] = ['account-1', `urn:uuid:${randomUUID()}`, `{${randomUUID()}}`, "' or '1'='1' --", '', 123, null, ['a']]

const cases: Case[] = [
  ['alg none, unsigned', (target) => forge({ ...signer.header, alg: 'none' }, target.claims())],
  ['alg none, without kid', (target) => forge({ alg: 'none', typ: 'at+jwt' }, target.claims())],
  [
    'alg none over a real signature',
    (target) => `${encode({ ...signer.header, alg: 'none' })}.${parts(target.real)[1]}.${parts(target.real)[2]}`,
  ],
  ['HS256 signed with the public key (PEM)', (target) => forgeHs256({ ...signer.header, alg: 'HS256' }, target.claims(), publicPem)],
  [
    'HS256 signed with the public key (raw bytes)',
    (target) => forgeHs256({ ...signer.header, alg: 'HS256' }, target.claims(), Buffer.from(jwk.x, 'base64url')),
  ],
  ['HS256 signed with the JWK as JSON', (target) => forgeHs256({ ...signer.header, alg: 'HS256' }, target.claims(), JSON.stringify(jwk))],
  ['alg ES256 over an EdDSA signature', (target) => signer.sign(target.claims(), { ...signer.header, alg: 'ES256' })],
  ['unknown kid, an attacker key', (target) => forge({ ...signer.header, kid: randomUUID() }, target.claims(), attacker.privateKey)],
  ['unknown kid, the real key', (target) => signer.sign(target.claims(), { ...signer.header, kid: 'not-a-kindred-key' })],
  ['no kid, the real key', (target) => signer.sign(target.claims(), { alg: 'EdDSA', typ: 'at+jwt' })],
  ['the real kid, an attacker key', (target) => forge(signer.header, target.claims(), attacker.privateKey)],
  ...injectedKids.map((kid): Case => [
    `injected kid ${JSON.stringify(kid.slice(0, 40))}`,
    (target) => signer.sign(target.claims(), { ...signer.header, kid }),
  ]),
  ...[123, null, ['kid'], { $ne: null }].map((kid): Case => [
    `kid of type ${JSON.stringify(kid)}`,
    (target) => signer.sign(target.claims(), { ...signer.header, kid }),
  ]),
  ['jku header', (target) => signer.sign(target.claims(), { ...signer.header, jku: 'https://attacker.example/jwks.json' })],
  [
    'jwk header with an attacker key',
    (target) => forge({ ...signer.header, jwk: attacker.publicKey.export({ format: 'jwk' }) }, target.claims(), attacker.privateKey),
  ],
  ['jwk header with the real key', (target) => signer.sign(target.claims(), { ...signer.header, jwk })],
  ['x5u header', (target) => signer.sign(target.claims(), { ...signer.header, x5u: 'https://attacker.example/cert.pem' })],
  ['x5c header', (target) => signer.sign(target.claims(), { ...signer.header, x5c: ['MIIBszCCAVmgAwIBAgIU'] })],
  ['typ JWT', (target) => signer.sign(target.claims(), { ...signer.header, typ: 'JWT' })],
  ['no typ', (target) => signer.sign(target.claims(), { alg: 'EdDSA', kid: signer.kid })],
  ['typ refresh+jwt', (target) => signer.sign(target.claims(), { ...signer.header, typ: 'refresh+jwt' })],
  ['aud elsewhere', (target) => signer.sign({ ...target.claims(), aud: 'https://elsewhere.example' })],
  [
    'aud of the other kind, signed',
    (target) => signer.sign({ ...target.claims(), aud: target.name === 'hub' ? communityAudience('fop') : hubAudience }),
  ],
  ['aud of another community, signed', (target) => signer.sign({ ...target.claims(), aud: communityAudience('pku') })],
  ['aud as a list naming both', (target) => signer.sign({ ...target.claims(), aud: [hubAudience, communityAudience('fop')] })],
  ['iss of an attacker', (target) => signer.sign({ ...target.claims(), iss: 'https://attacker.example' })],
  ['iss in another case', (target) => signer.sign({ ...target.claims(), iss: 'Kindred' })],
  ['expired', (target) => signer.sign({ ...target.claims(), iat: now() - 600, exp: now() - 60 })],
  [
    'too old: issued 16 minutes ago, expiring in 10 days',
    (target) => signer.sign({ ...target.claims(), iat: now() - 16 * 60, exp: now() + 10 * 24 * 3600 }),
  ],
  ['issued in the future', (target) => signer.sign({ ...target.claims(), iat: now() + 120, exp: now() + 600 })],
  ['not valid before a later time', (target) => signer.sign({ ...target.claims(), nbf: now() + 120 })],
  ['exp as a string', (target) => signer.sign({ ...target.claims(), exp: 'never' })],
  ...['sub', 'jti', 'iat', 'exp', 'iss', 'aud'].map((claim): Case => [
    `no ${claim}`,
    (target) => signer.sign(without(target.claims(), claim)),
  ]),
  [
    'tampered payload: another subject',
    (target) => {
      const [header, payload, signature] = parts(target.real)
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
      return `${header}.${encode({ ...claims, sub: target.name === 'hub' ? bo.account.accountId : bo.memberId })}.${signature}`
    },
  ],
  [
    'tampered payload: a later exp',
    (target) => {
      const [header, payload, signature] = parts(target.real)
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
      return `${header}.${encode({ ...claims, exp: now() + 86_400 })}.${signature}`
    },
  ],
  [
    'tampered signature',
    (target) => {
      const [header, payload, signature] = parts(target.real)
      return `${header}.${payload}.${flip(signature)}`
    },
  ],
  ['signature of another token', (target) => `${parts(target.real)[0]}.${parts(target.real)[1]}.${parts(target.otherKind)[2]}`],
  ['empty signature', (target) => `${parts(target.real)[0]}.${parts(target.real)[1]}.`],
  ...nonUuidSubjects.map((sub): Case => [`sub ${JSON.stringify(sub)}`, (target) => signer.sign({ ...target.claims(), sub })]),
  ['sub a uuid nobody has', (target) => signer.sign({ ...target.claims(), sub: randomUUID() })],
  [
    'sub of a member, on the hub; of an account, in the community',
    (target) => signer.sign({ ...target.claims(), sub: target.name === 'hub' ? ada.memberId : ada.account.accountId }),
  ],
  ...Object.keys(revoked).map((how): Case => [`a token issued before ${how}`, (target) => target.tokenOf(revoked[how] as CommunityMember)]),
  ['a real token of the other kind (hub on community, community on hub)', (target) => target.otherKind],
  ['a community token of another community', () => bo.token],
  ['not a token', () => 'not.a.token'],
  ['five parts, as an encrypted token has', (target) => `${target.real}.e30.e30`],
  [
    'a header that is not JSON',
    (target) => `${Buffer.from('{alg').toString('base64url')}.${parts(target.real)[1]}.${parts(target.real)[2]}`,
  ],
]

t.test('the baseline: tokens signed with the real key and valid claims are accepted on both routes', async (t) => {
  for (const target of targets) {
    for (const token of [target.real, signer.sign(target.claims())]) {
      const reply = await hub.app.inject({ method: 'GET', url: target.url, headers: bearer(token) })
      t.equal(reply.statusCode, 200, `${target.name} route`)
    }
  }
})

t.test('every forged token is refused with 401, on a hub route and on a community route, never with a 500', async (t) => {
  const tally = { cases: 0, refused: 0, accepted: 0 }
  for (const [index, [name, make]] of cases.entries()) {
    for (const target of targets) {
      const reply = await hub.app.inject({
        method: 'GET',
        url: target.url,
        headers: bearer(make(target)),
        // An address per case, so a per-address limit on failures would not be what answers.
        remoteAddress: `198.51.100.${(index % 250) + 1}`,
      })
      tally.cases += 1
      if (reply.statusCode === 401 && reply.json<{ code: string }>().code === 'KINDRED_UNAUTHORIZED') tally.refused += 1
      if (reply.statusCode < 300) tally.accepted += 1
      t.equal(reply.statusCode, 401, `${name}, ${target.name} route (answered ${reply.statusCode})`)
    }
  }
  t.equal(tally.refused, tally.cases)
  t.comment(`forged tokens: ${tally.cases} cases, ${tally.refused} refused, ${tally.accepted} accepted`)
})
