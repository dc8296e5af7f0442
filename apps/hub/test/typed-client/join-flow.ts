// A client of the hub as a third party would write one: openapi-fetch typed by the types openapi-typescript
// generates from the hub's OpenAPI document (kindred-api.d.ts, written by openapi-client.test.ts, which
// compiles this file against them before running it). A path, parameter, body or answer that the document
// stops describing as used here fails that compilation.
import { randomUUID } from 'node:crypto'
import createClient, { type Client } from 'openapi-fetch'
import type { JoinFlowResult, OutsideTheApi, RunJoinFlow } from './flow-contract.ts'
import type { paths } from './kindred-api.d.ts'

type Kindred = Client<paths>

interface Outcome<Data> {
  data?: Data
  error?: unknown
  response: Response
}

/** The data of a successful answer; any other answer stops the flow, saying what the hub said. */
function dataOf<Data>(step: string, outcome: Outcome<Data>): Data {
  if (outcome.data === undefined) throw new Error(`${step} answered ${outcome.response.status}: ${JSON.stringify(outcome.error)}`)
  return outcome.data
}

const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` })
const password = 'a long enough password'

/** Registers an account, confirms its address with the mailed link's token and signs it in, returning its access token. */
async function signUp(kindred: Kindred, outside: OutsideTheApi, displayName: string): Promise<string> {
  const email = `${displayName.toLowerCase()}-${randomUUID()}@example.org`
  const registered = dataOf('registerAccount', await kindred.POST('/v1/auth/register', { body: { email, password, displayName } }))
  if (registered.status !== 'checkYourMail') throw new Error(`registerAccount answered ${registered.status}`)
  const token = await outside.verificationToken(email)
  const verified = await kindred.POST('/v1/auth/verify-email', { body: { token } })
  if (verified.response.status !== 204) throw new Error(`verifyEmail answered ${verified.response.status}`)
  // The tokens come from signing in: registering answers none.
  const session = dataOf('login', await kindred.POST('/v1/auth/login', { body: { email, password } }))
  return session.accessToken
}

/** A community token for `slug`, in exchange for a hub access token. */
async function switchTo(kindred: Kindred, accessToken: string, slug: string): Promise<string> {
  const switched = dataOf(
    'switchCommunity',
    await kindred.POST('/v1/auth/switch', { headers: bearer(accessToken), body: { community: slug } }),
  )
  return switched.accessToken
}

/**
 * A founder proposes a community, a volunteer moderator supports it, staff approve it, the jobs provision
 * it, a newcomer joins, the founder approves the request and the newcomer reads the categories.
 */
export const runJoinFlow: RunJoinFlow = async (baseUrl: string, outside: OutsideTheApi): Promise<JoinFlowResult> => {
  const kindred = createClient<paths>({ baseUrl })
  const slug = `typed-${randomUUID().slice(0, 8)}`

  const founder = await signUp(kindred, outside, 'Founder')
  const proposed = dataOf(
    'createProposal',
    await kindred.POST('/v1/proposals', {
      headers: bearer(founder),
      body: {
        diseaseName: `Typed client syndrome ${slug}`,
        prevalenceClass: 'lt_1_per_1m',
        slug,
        summary: 'A community proposed by a client generated from the OpenAPI document.',
        languages: ['en'],
        founderStatement: 'I test that the document and the API agree, and want others who do to meet.',
      },
    }),
  )
  const proposal = { params: { path: { id: proposed.proposal.id } } }

  const volunteer = await signUp(kindred, outside, 'Volunteer')
  const supported = dataOf(
    'supportProposal',
    await kindred.POST('/v1/proposals/{id}/support', { ...proposal, headers: bearer(volunteer), body: { as: 'moderator' } }),
  )

  const staff = await signUp(kindred, outside, 'Staff')
  const me = dataOf('getMe', await kindred.GET('/v1/me', { headers: bearer(staff) }))
  await outside.makeStaff(me.account.id)
  const approved = dataOf(
    'decideOnProposal',
    await kindred.POST('/v1/proposals/{id}/decision', { ...proposal, headers: bearer(staff), body: { decision: 'approve' } }),
  )

  await outside.runJobs()
  const card = dataOf('getCommunity', await kindred.GET('/v1/communities/{slug}', { params: { path: { slug } } }))

  const newcomer = await signUp(kindred, outside, 'Newcomer')
  const charter = dataOf('getCharter', await kindred.GET('/v1/charter'))
  const joined = dataOf(
    'joinCommunity',
    await kindred.POST('/v1/communities/{slug}/join', {
      params: { path: { slug } },
      headers: bearer(newcomer),
      body: { pseudonym: 'Typed Newcomer', acceptCharterVersion: charter.version },
    }),
  )

  const founderInCommunity = await switchTo(kindred, founder, slug)
  const decided = dataOf(
    'approveJoinRequest',
    await kindred.POST('/v1/c/{slug}/join-requests/{memberId}/approve', {
      params: { path: { slug, memberId: joined.member.memberId } },
      headers: bearer(founderInCommunity),
      body: {},
    }),
  )

  const newcomerInCommunity = await switchTo(kindred, newcomer, slug)
  const { categories } = dataOf(
    'listCategories',
    await kindred.GET('/v1/c/{slug}/categories', { params: { path: { slug } }, headers: bearer(newcomerInCommunity) }),
  )

  return {
    slug,
    statusWhenSupported: supported.proposal.status,
    statusWhenApproved: approved.proposal.status,
    communityStatus: card.status,
    approvalWhenJoined: joined.member.approval,
    approvalWhenApproved: decided.member.approval,
    categories: categories.map((category) => category.name),
  }
}
