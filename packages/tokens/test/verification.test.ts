import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import type { Test } from 'tap'
import { communityAudience, hubAudience, type AccessTokenClaims, type TokenService } from '@kindred/tokens'
import { createTestDatabase, createTestTokens } from '@kindred/testkit'
import { currentPrivateKey, forge, forgeHs256, validClaims } from './forge.ts'

const { database } = await createTestDatabase(t)
const { tokens, masterKey } = await createTestTokens(database)
const hubKey = await currentPrivateKey(database, masterKey)
const header = { alg: 'EdDSA', typ: 'at+jwt', kid: hubKey.kid }
const refusal = { name: 'KindredError', code: 'KINDRED_UNAUTHORIZED', statusCode: 401, message: 'Invalid or expired token' }

/** Why fast-jwt (or our key lookup) refused a token, from the cause the 401 carries; empty for our own checks. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; originalError?: Error } }).cause
  if (cause === undefined) return ''
  return `${cause.code ?? ''} ${cause.originalError?.message ?? cause.message ?? ''}`
}

/** Asserts a 401 with the one public message, refused for `because` (matched against the hidden reason). */
async function refuses(t: Test, token: string, because: RegExp, audience = hubAudience, service: TokenService = tokens): Promise<void> {
  const error: unknown = await service.verify(token, audience).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  t.match(error, refusal, 'a 401 that does not say which check failed')
  t.match(reasonOf(error), because, `refused because ${because.source}`)
}

const decodeHeader = (token: string): unknown => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())
const decodePayload = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

t.test('a token the hub signed is accepted for its audience and returns its claims', async (t) => {
  const token = await tokens.sign({ subject: 'account-1', audience: hubAudience, claims: { roles: ['staff'] } })
  t.strictSame(decodeHeader(token), { alg: 'EdDSA', typ: 'at+jwt', kid: hubKey.kid })
  const claims = await tokens.verify(token, hubAudience)
  t.match(claims, { iss: 'kindred', aud: 'kindred:hub', sub: 'account-1', roles: ['staff'], jti: String })
  t.equal(claims.exp - claims.iat, 15 * 60, 'lives 15 minutes by default')
})

t.test('a token lives at most 15 minutes whatever lifetime is asked for', async (t) => {
  const payload = decodePayload(await tokens.sign({ subject: 'account-1', audience: hubAudience, lifetimeSeconds: 24 * 3600 }))
  t.equal(Number(payload.exp) - Number(payload.iat), 15 * 60)
  const short = decodePayload(await tokens.sign({ subject: 'account-1', audience: hubAudience, lifetimeSeconds: 60 }))
  t.equal(Number(short.exp) - Number(short.iat), 60)
})

t.test(
  'a token may count as issued a moment ahead (after sessions ended in this second), but no further than the clock tolerance',
  async (t) => {
    const now = Math.floor(Date.now() / 1000)
    const ahead = await tokens.sign({ subject: 'account-1', audience: hubAudience, minIssuedAt: now + 1 })
    const claims = await tokens.verify(ahead, hubAudience)
    t.ok(claims.iat >= now + 1, 'issued no earlier than asked')
    t.equal(claims.exp - claims.iat, 15 * 60, 'and lives its lifetime from then')
    const early = Number(decodePayload(await tokens.sign({ subject: 'account-1', audience: hubAudience, minIssuedAt: now - 600 })).iat)
    t.ok(early >= now && early <= Math.floor(Date.now() / 1000), 'an earlier bound changes nothing')
    await t.rejects(tokens.sign({ subject: 'account-1', audience: hubAudience, minIssuedAt: now + 60 }), RangeError)
  },
)

t.test('every token gets an id of its own', async (t) => {
  const first = decodePayload(await tokens.sign({ subject: 'account-1', audience: hubAudience }))
  const second = decodePayload(await tokens.sign({ subject: 'account-1', audience: hubAudience }))
  t.not(first.jti, second.jti)
})

t.test('extra claims cannot override the registered ones', async (t) => {
  for (const claim of ['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti']) {
    await t.rejects(tokens.sign({ subject: 'account-1', audience: hubAudience, claims: { [claim]: 'x' } }), TypeError, claim)
  }
})

t.test('a token crafted with the hub key and valid claims is accepted (the baseline of the refusals below)', async (t) => {
  t.match(await tokens.verify(forge(header, validClaims(), hubKey.key), hubAudience), { sub: 'account-1' })
})

t.test('an unsigned token (alg none) is refused', async (t) => {
  await refuses(t, forge({ ...header, alg: 'none' }, validClaims()), /MISSING_SIGNATURE/)
  await refuses(t, forge({ alg: 'none', typ: 'at+jwt' }, validClaims()), /unknown kid/)
})

t.test('a token signed with HMAC using the public key as the secret is refused', async (t) => {
  const jwks = await tokens.jwks()
  const jwk = jwks.keys[0]
  if (jwk === undefined) throw new Error('no published key')
  const pem = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' }).export({ format: 'pem', type: 'spki' })
  for (const secret of [pem, Buffer.from(jwk.x, 'base64url'), JSON.stringify(jwk)]) {
    await refuses(t, forgeHs256({ ...header, alg: 'HS256' }, validClaims(), secret), /INVALID_ALGORITHM/)
  }
})

t.test('a token signed by a key the hub does not know is refused', async (t) => {
  const stranger = generateKeyPairSync('ed25519').privateKey
  await refuses(t, forge({ ...header, kid: 'not-a-kindred-key' }, validClaims(), stranger), /unknown kid/)
  await refuses(t, forge(header, validClaims(), stranger), /INVALID_SIGNATURE/, hubAudience)
  await refuses(t, forge({ alg: 'EdDSA', typ: 'at+jwt' }, validClaims(), hubKey.key), /unknown kid/)
})

t.test('a token carrying a key or a key location in its header is refused, even when the hub key signed it', async (t) => {
  const stranger = generateKeyPairSync('ed25519')
  const strangerJwk = stranger.publicKey.export({ format: 'jwk' })
  const cases: Array<[string, Record<string, unknown>]> = [
    ['jku', { jku: 'https://attacker.example/jwks.json' }],
    ['jwk', { jwk: strangerJwk }],
    ['x5u', { x5u: 'https://attacker.example/cert.pem' }],
    ['x5c', { x5c: ['MIIB'] }],
  ]
  for (const [name, extra] of cases) {
    t.comment(name)
    await refuses(t, forge({ ...header, ...extra }, validClaims(), hubKey.key), /key-carrying header/)
  }
  await refuses(t, forge({ ...header, jwk: strangerJwk }, validClaims(), stranger.privateKey), /key-carrying header/)
})

t.test('a token of another type is refused', async (t) => {
  await refuses(t, forge({ ...header, typ: 'JWT' }, validClaims(), hubKey.key), /INVALID_TYPE/)
  await refuses(t, forge({ alg: 'EdDSA', kid: hubKey.kid }, validClaims(), hubKey.key), /INVALID_TYPE/)
  await refuses(t, forge({ ...header, typ: 'refresh+jwt' }, validClaims(), hubKey.key), /INVALID_TYPE/)
})

t.test('a token for another audience is refused', async (t) => {
  const communityToken = await tokens.sign({ subject: 'account-1', audience: communityAudience('fop') })
  await refuses(t, communityToken, /^$/, hubAudience)
  await refuses(t, communityToken, /^$/, communityAudience('pku'))
  t.match(await tokens.verify(communityToken, communityAudience('fop')), { aud: 'kindred:community:fop' })
  t.comment('once verified (and cached) for its own audience, it is still refused for another')
  await refuses(t, communityToken, /^$/, hubAudience)
  await refuses(t, forge(header, validClaims({ aud: ['kindred:hub', 'kindred:community:fop'] }), hubKey.key), /^$/)
  await refuses(t, forge(header, validClaims({ aud: 'somewhere-else' }), hubKey.key), /INVALID_CLAIM_VALUE/)
})

t.test('a token from another issuer is refused', async (t) => {
  await refuses(t, forge(header, validClaims({ iss: 'https://attacker.example' }), hubKey.key), /INVALID_CLAIM_VALUE.*iss/)
})

t.test('an expired token is refused', async (t) => {
  const now = Math.floor(Date.now() / 1000)
  await refuses(t, forge(header, validClaims({ iat: now - 600, exp: now - 60 }), hubKey.key), /EXPIRED/)
})

t.test('a token older than 15 minutes is refused even if its exp is later', async (t) => {
  const now = Math.floor(Date.now() / 1000)
  await refuses(t, forge(header, validClaims({ iat: now - 16 * 60, exp: now + 3600 }), hubKey.key), /EXPIRED/)
})

t.test('the claim checks every verifier runs refuse a token issued longer ago than the longest lifetime, whatever its exp', async (t) => {
  // A verifier of its own (the hub's @fastify/jwt registration) may get maxAge wrong; checkClaims is the backstop.
  const { checkClaims } = tokens.verification
  const now = Math.floor(Date.now() / 1000)
  const claims = (iat: number) => ({ ...validClaims({ iat, exp: now + 10 * 24 * 3600 }) }) as AccessTokenClaims
  t.throws(() => checkClaims(claims(now - 16 * 60), hubAudience), refusal, 'issued 16 minutes ago')
  t.throws(() => checkClaims(claims(now - 15 * 60 - 6), hubAudience), refusal, 'beyond 15 minutes and the clock tolerance')
  t.match(checkClaims(claims(now - 15 * 60), hubAudience), { sub: 'account-1' }, 'a token at its longest lifetime still stands')
})

t.test('a token that is not valid yet is refused', async (t) => {
  const now = Math.floor(Date.now() / 1000)
  await refuses(t, forge(header, validClaims({ nbf: now + 120 }), hubKey.key), /INACTIVE/)
  t.comment('nor is one issued in the future')
  await refuses(t, forge(header, validClaims({ iat: now + 120, exp: now + 600 }), hubKey.key), /^$/)
})

t.test('a token missing any of iss, aud, sub, exp, iat or jti is refused', async (t) => {
  for (const claim of ['iss', 'aud', 'sub', 'exp', 'iat', 'jti']) {
    const claims = Object.fromEntries(Object.entries(validClaims()).filter(([name]) => name !== claim))
    await refuses(t, forge(header, claims, hubKey.key), new RegExp(`MISSING_REQUIRED_CLAIM The ${claim} claim`))
  }
})

t.test('a token whose payload was changed after signing is refused', async (t) => {
  const [head, , signature] = (await tokens.sign({ subject: 'account-1', audience: hubAudience })).split('.')
  const payload = Buffer.from(JSON.stringify(validClaims({ sub: 'account-2' }))).toString('base64url')
  await refuses(t, `${head ?? ''}.${payload}.${signature ?? ''}`, /INVALID_SIGNATURE/)
})

t.test('what is not a token at all is refused the same way', async (t) => {
  for (const garbage of ['', 'abc', 'a.b.c', 'a.b', `${'x'.repeat(50)}.${'y'.repeat(50)}.`]) {
    await refuses(t, garbage, /MALFORMED|INVALID/)
  }
})
