import { randomUUID } from 'node:crypto'
import t from 'tap'
import { leaveCommunity } from '@kindred/membership'
import {
  acceptOwnershipOffer,
  appointModerator,
  appointOwnerByStaff,
  banMember,
  declineOwnershipOffer,
  handOverOwnership,
  offerOwnership,
  openOwnershipOffer,
  ownershipOffer,
  removeModerator,
  withdrawOwnershipOffer,
} from '@kindred/moderation'
import { signUp } from '@kindred/testkit'
import { moderatedCommunity } from './fixtures.ts'

type Community = Awaited<ReturnType<typeof moderatedCommunity>>

const roleOf = async (community: Community, memberId: string) => (await community.actor(memberId)).member.role

// The log with who acted, as the tests below read it.
const entries = (community: Community) =>
  community.tenant.query
    .selectFrom('moderation_log')
    .select(['action', 'actor_id', 'actor_kind', 'member_id', 'reason'])
    .orderBy('id')
    .execute()

const flagOf = async (community: Community) =>
  (
    await community.hub.database.db
      .selectFrom('hub.communities')
      .select('needs_owner_since')
      .where('slug', '=', 'fop')
      .executeTakeFirstOrThrow()
  ).needs_owner_since

const erase = (community: Community, accountId: string) =>
  community.hub.database.db.updateTable('hub.accounts').set({ erasure_requested_at: new Date() }).where('id', '=', accountId).execute()

t.test(
  'a moderator who accepts an offer of ownership becomes owner and the owner a moderator, in one step; the former owner may then leave',
  async (t) => {
    const community = await moderatedCommunity(t)
    const { hub, owner, moderator, proposal } = community
    const offer = await offerOwnership(owner, moderator.member.memberId, 'Moving abroad next year')
    t.match(offer, {
      state: 'open',
      offeredBy: { memberId: owner.member.memberId, pseudonym: 'Founder Fran' },
      offeredTo: { memberId: moderator.member.memberId, pseudonym: 'Kind Keeper' },
      reason: 'Moving abroad next year',
      closedAt: null,
    })
    t.same(await openOwnershipOffer(moderator), offer, 'the moderator reads the open offer')
    const accepted = await acceptOwnershipOffer(moderator, offer.id)
    t.match(accepted, { id: offer.id, state: 'accepted', closedAt: Date })
    t.equal(await roleOf(community, moderator.member.memberId), 'owner')
    t.equal(await roleOf(community, owner.member.memberId), 'moderator')
    t.equal(await openOwnershipOffer(moderator), null, 'no offer is open any more')
    t.same(await entries(community), [
      {
        action: 'offer_ownership',
        actor_id: owner.member.memberId,
        actor_kind: 'member',
        member_id: moderator.member.memberId,
        reason: 'Moving abroad next year',
      },
      {
        action: 'accept_ownership',
        actor_id: moderator.member.memberId,
        actor_kind: 'member',
        member_id: owner.member.memberId,
        reason: null,
      },
      {
        action: 'appoint_moderator',
        actor_id: moderator.member.memberId,
        actor_kind: 'member',
        member_id: owner.member.memberId,
        reason: 'Handed ownership over',
      },
    ])
    await leaveCommunity({ hub: hub.database.db, placements: hub.placements }, { accountId: proposal.founderId, slug: 'fop' })
    t.pass('the former owner left')
  },
)

t.test(
  'ownership is offered by an owner to a current moderator only, one offer at a time, and answered only by that moderator',
  async (t) => {
    const community = await moderatedCommunity(t)
    const { owner, moderator, member } = community
    const ada = await member('ada')
    const bo = await community.actor((await appointModerator(owner, (await member('bo')).member.memberId)).memberId)
    await t.rejects(offerOwnership(moderator, bo.member.memberId), { code: 'KINDRED_FORBIDDEN' }, 'a moderator does not offer ownership')
    await t.rejects(
      offerOwnership(owner, ada.member.memberId),
      { code: 'KINDRED_CONFLICT' },
      'a member who is no moderator is not offered it',
    )
    await t.rejects(offerOwnership(owner, owner.member.memberId), { code: 'KINDRED_CONFLICT' }, 'nor the owner themself')
    await t.rejects(offerOwnership(owner, randomUUID()), { code: 'KINDRED_NOT_FOUND' })

    const offer = await offerOwnership(owner, moderator.member.memberId)
    await t.rejects(offerOwnership(owner, bo.member.memberId), { code: 'KINDRED_OWNERSHIP_OFFER_OPEN', statusCode: 409 })
    await t.rejects(acceptOwnershipOffer(bo, offer.id), { code: 'KINDRED_FORBIDDEN' }, 'another moderator cannot accept it')
    await t.rejects(acceptOwnershipOffer(ada, offer.id), { code: 'KINDRED_FORBIDDEN' })
    await t.rejects(declineOwnershipOffer(bo, offer.id), { code: 'KINDRED_FORBIDDEN' })
    await t.rejects(withdrawOwnershipOffer(moderator, offer.id), { code: 'KINDRED_FORBIDDEN' }, 'only an owner withdraws it')
    t.match(await withdrawOwnershipOffer(owner, offer.id, 'Staying after all'), { state: 'withdrawn' })
    await t.rejects(acceptOwnershipOffer(moderator, offer.id), { code: 'KINDRED_OWNERSHIP_OFFER_CLOSED', message: /withdrawn/ })
    await t.rejects(withdrawOwnershipOffer(owner, offer.id), { code: 'KINDRED_OWNERSHIP_OFFER_CLOSED' })
    await t.rejects(ownershipOffer(ada, offer.id), { code: 'KINDRED_FORBIDDEN' }, 'members do not read offers')

    const declined = await offerOwnership(owner, bo.member.memberId)
    t.match(await declineOwnershipOffer(bo, declined.id, 'Not this year'), { state: 'declined' })
    await t.rejects(acceptOwnershipOffer(bo, declined.id), { code: 'KINDRED_OWNERSHIP_OFFER_CLOSED', message: /declined/ })

    const toBo = await offerOwnership(owner, bo.member.memberId)
    await banMember(owner, bo.member.memberId, 'Broke the charter')
    t.match(await ownershipOffer(owner, toBo.id), { state: 'lapsed' }, 'banning the moderator lapses the offer')
    await t.rejects(offerOwnership(owner, bo.member.memberId), { code: 'KINDRED_CONFLICT' }, 'a banned moderator is not offered it')

    const toKeeper = await offerOwnership(owner, moderator.member.memberId)
    await removeModerator(owner, moderator.member.memberId)
    t.match(await ownershipOffer(owner, toKeeper.id), { state: 'lapsed' }, 'so does removing them')
    await appointModerator(owner, moderator.member.memberId)
    await leaveCommunity(
      { hub: community.hub.database.db, placements: community.hub.placements },
      { accountId: community.proposal.moderatorIds[0] ?? '', slug: 'fop' },
    )
    await t.rejects(
      offerOwnership(owner, moderator.member.memberId),
      { code: 'KINDRED_CONFLICT' },
      'a moderator who left is not offered it',
    )

    t.equal(await roleOf(community, owner.member.memberId), 'owner', 'nothing changed hands')
    t.same(
      (await entries(community)).map((entry) => entry.action).filter((action) => action.includes('ownership')),
      ['offer_ownership', 'withdraw_ownership_offer', 'offer_ownership', 'decline_ownership', 'offer_ownership', 'offer_ownership'],
    )
  },
)

t.test('of an acceptance and a withdrawal at once, exactly one takes effect', async (t) => {
  const community = await moderatedCommunity(t)
  let { owner, moderator } = community
  // Several rounds, because a deadlock between the two shows only when their statements interleave.
  for (let round = 0; round < 12; round++) {
    const offer = await offerOwnership(owner, moderator.member.memberId)
    const [accepted, withdrawn] = await Promise.allSettled([
      acceptOwnershipOffer(moderator, offer.id),
      withdrawOwnershipOffer(owner, offer.id),
    ])
    const outcomes = [accepted.status, withdrawn.status].sort()
    t.same(outcomes, ['fulfilled', 'rejected'])
    const rejected = [accepted, withdrawn].find((result) => result.status === 'rejected')
    t.match(rejected, { reason: { code: 'KINDRED_OWNERSHIP_OFFER_CLOSED' } })
    const state = (await ownershipOffer(moderator, offer.id)).state
    t.equal(await roleOf(community, moderator.member.memberId), state === 'accepted' ? 'owner' : 'moderator')
    if (state === 'accepted')
      [owner, moderator] = [await community.actor(moderator.member.memberId), await community.actor(owner.member.memberId)]
  }
})

t.test(
  "when the last owner's account is erased, ownership passes to the longest-serving moderator whose account is in good standing",
  async (t) => {
    const community = await moderatedCommunity(t)
    const { hub, owner, moderator, member, proposal } = community
    const deps = { hub: hub.database.db, placements: hub.placements }
    // Bo serves longest but is banned from the network; Ada was appointed next; the founding moderator, who
    // would serve since provisioning, was removed and appointed again last, which starts their service anew.
    const bo = await member('bo')
    await appointModerator(owner, bo.member.memberId)
    const ada = await member('ada')
    await appointModerator(owner, ada.member.memberId)
    await removeModerator(owner, moderator.member.memberId)
    await appointModerator(owner, moderator.member.memberId)
    const boAccount = await hub.database.db
      .selectFrom('hub.memberships')
      .select('account_id')
      .where('member_id', '=', bo.member.memberId)
      .executeTakeFirstOrThrow()
    await hub.database.db.updateTable('hub.accounts').set({ banned_at: new Date() }).where('id', '=', boAccount.account_id).execute()
    const offer = await offerOwnership(owner, moderator.member.memberId)
    const before = (await entries(community)).length

    await erase(community, proposal.founderId)
    await handOverOwnership(deps, proposal.founderId)
    t.equal(await roleOf(community, owner.member.memberId), 'member', 'the erased owner owns nothing')
    t.equal(await roleOf(community, ada.member.memberId), 'owner')
    t.equal(await roleOf(community, moderator.member.memberId), 'moderator')
    t.equal(await roleOf(community, bo.member.memberId), 'moderator')
    t.match(await ownershipOffer(await community.actor(ada.member.memberId), offer.id), { state: 'lapsed' })
    t.same((await entries(community)).slice(before), [
      {
        action: 'remove_owner',
        actor_id: null,
        actor_kind: 'automatic',
        member_id: owner.member.memberId,
        reason: "The owner's account was erased",
      },
      {
        action: 'appoint_owner',
        actor_id: null,
        actor_kind: 'automatic',
        member_id: ada.member.memberId,
        reason: "The longest-serving moderator, after the last owner's account was erased",
      },
    ])
    t.equal(await flagOf(community), null)
    await handOverOwnership(deps, proposal.founderId)
    t.equal((await entries(community)).length, before + 2, 'running it again changes nothing')
  },
)

t.test(
  'with no moderator to take over, the community is flagged for staff until they appoint an owner, who then appoints moderators',
  async (t) => {
    const community = await moderatedCommunity(t)
    const { hub, owner, moderator, member, proposal } = community
    const deps = { hub: hub.database.db, placements: hub.placements }
    const steward = await signUp(hub, 'steward', { staff: true })
    const ada = await member('ada')
    await removeModerator(owner, moderator.member.memberId)

    await erase(community, proposal.founderId)
    await handOverOwnership(deps, proposal.founderId)
    await handOverOwnership(deps, proposal.founderId)
    t.ok((await flagOf(community)) instanceof Date, 'flagged')
    const events = () => hub.database.db.selectFrom('hub.community_events').select(['action', 'actor_id', 'reason']).orderBy('id').execute()
    t.match(
      await events(),
      [{ action: 'owner_needed', actor_id: null, reason: "The last owner's account was erased and no moderator could take over" }],
      'once',
    )
    await t.rejects(
      appointModerator(await community.actor(owner.member.memberId), ada.member.memberId),
      { code: 'KINDRED_FORBIDDEN' },
      'nobody inside can appoint moderators',
    )

    const appointment = { slug: 'fop', reason: 'The members chose Ada', staffId: steward.accountId }
    await t.rejects(
      appointOwnerByStaff(deps, { ...appointment, memberId: owner.member.memberId }),
      { code: 'KINDRED_CONFLICT' },
      'not the erased owner',
    )
    await t.rejects(appointOwnerByStaff(deps, { ...appointment, memberId: randomUUID() }), { code: 'KINDRED_NOT_FOUND' })
    await t.rejects(appointOwnerByStaff(deps, { ...appointment, slug: 'nowhere', memberId: ada.member.memberId }), {
      code: 'KINDRED_NOT_FOUND',
    })
    t.match(await appointOwnerByStaff(deps, { ...appointment, memberId: ada.member.memberId }), {
      memberId: ada.member.memberId,
      role: 'owner',
    })
    t.equal(await flagOf(community), null, 'the flag is cleared')
    t.match((await events()).slice(1), [{ action: 'owner_appointed', actor_id: steward.accountId, reason: 'The members chose Ada' }])
    const logged = await entries(community)
    t.same(logged.at(-1), {
      action: 'appoint_owner',
      actor_id: null,
      actor_kind: 'staff',
      member_id: ada.member.memberId,
      reason: 'The members chose Ada',
    })
    await appointOwnerByStaff(deps, { ...appointment, memberId: ada.member.memberId })
    t.equal((await entries(community)).length, logged.length, 'appointing the owner again changes nothing')

    const newOwner = await community.actor(ada.member.memberId)
    t.match(await appointModerator(newOwner, moderator.member.memberId), { role: 'moderator' }, 'the new owner appoints moderators')
  },
)

t.test('staff appointing an owner where there is one make the former owner a moderator, and an open offer lapses', async (t) => {
  const community = await moderatedCommunity(t)
  const { hub, owner, moderator, member } = community
  const steward = await signUp(hub, 'steward', { staff: true })
  const ada = await member('ada')
  const offer = await offerOwnership(owner, moderator.member.memberId)
  await appointOwnerByStaff(
    { hub: hub.database.db, placements: hub.placements },
    { slug: 'fop', memberId: ada.member.memberId, reason: 'Complaint upheld', staffId: steward.accountId },
  )
  t.equal(await roleOf(community, ada.member.memberId), 'owner')
  t.equal(await roleOf(community, owner.member.memberId), 'moderator')
  t.match(await ownershipOffer(moderator, offer.id), { state: 'lapsed' })
  t.match((await entries(community)).slice(-2), [
    { action: 'appoint_moderator', actor_kind: 'staff', member_id: owner.member.memberId, reason: 'Complaint upheld' },
    { action: 'appoint_owner', actor_kind: 'staff', member_id: ada.member.memberId, reason: 'Complaint upheld' },
  ])
})
