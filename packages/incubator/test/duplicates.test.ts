import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { createProposal, diseaseKey, similarDiseases, similarityThreshold, withdrawProposal, type ProposalFields } from '@kindred/incubator'
import { createTestDatabase, proposalFields } from '@kindred/testkit'
import { createAccounts, openProposal, settings } from './fixtures.ts'

async function propose(db: Kysely<HubDatabase>, overrides: Partial<ProposalFields>) {
  const [founderId = ''] = await createAccounts(db, 1)
  return createProposal(db, settings, founderId, proposalFields(overrides))
}

async function community(
  db: Kysely<HubDatabase>,
  values: { slug: string; diseaseName: string; orphaCode?: string; status?: 'live' | 'provisioning' | 'archived' },
) {
  await db
    .insertInto('hub.communities')
    .values({
      slug: values.slug,
      name: values.diseaseName,
      disease_name: values.diseaseName,
      disease_key: diseaseKey(values.diseaseName),
      orpha_code: values.orphaCode ?? null,
      languages: ['en'],
      description: 'A community',
      status: values.status ?? 'live',
    })
    .execute()
}

t.test('the same Orphanet code or disease as a community is 409 naming the community', async (t) => {
  const { database } = await createTestDatabase(t)
  await community(database.db, { slug: 'fop', diseaseName: 'Fibrodysplasia ossificans progressiva', orphaCode: 'ORPHA:337' })
  const byCode = propose(database.db, { diseaseName: 'Stone man syndrome', slug: 'stone-man', orphaCode: 'ORPHA:337' })
  await t.rejects(byCode, {
    code: 'KINDRED_DUPLICATE_PROPOSAL',
    statusCode: 409,
    existing: { kind: 'community', slug: 'fop' },
    message: /community "fop"/,
  })
  const byName = propose(database.db, { diseaseName: 'FIBRODYSPLASIA Ossificans-Progressiva', orphaCode: null, slug: 'fop-2' })
  await t.rejects(byName, { code: 'KINDRED_DUPLICATE_PROPOSAL', existing: { kind: 'community', slug: 'fop' } })
  const refused = (await byName.catch((error: unknown) => error)) as { existing: object }
  t.notOk('id' in refused.existing, 'communities are named by slug only')
})

t.test('the same Orphanet code or disease as a pending proposal is 409 naming the proposal, its slug and id', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  await t.rejects(propose(database.db, { slug: 'fop-again', diseaseName: 'Münchmeyer disease' }), {
    code: 'KINDRED_DUPLICATE_PROPOSAL',
    existing: { kind: 'proposal', slug: 'fop', id: proposalId },
    message: new RegExp(`proposal "fop" \\(${proposalId}\\)`),
  })
  await t.rejects(propose(database.db, { slug: 'fop-again', orphaCode: null, diseaseName: 'fibrodysplasia  ossificans progressiva!' }), {
    code: 'KINDRED_DUPLICATE_PROPOSAL',
    existing: { id: proposalId },
  })
})

t.test('a slug taken by any community or pending proposal is 409 KINDRED_SLUG_TAKEN', async (t) => {
  const { database } = await createTestDatabase(t)
  await community(database.db, { slug: 'rett', diseaseName: 'Rett syndrome', status: 'archived' })
  const { proposalId } = await openProposal(database.db)
  await t.rejects(propose(database.db, { slug: 'rett', diseaseName: 'Angelman syndrome', orphaCode: 'ORPHA:72' }), {
    code: 'KINDRED_SLUG_TAKEN',
    existing: { kind: 'community', slug: 'rett' },
  })
  await t.rejects(propose(database.db, { slug: 'fop', diseaseName: 'Angelman syndrome', orphaCode: 'ORPHA:72' }), {
    code: 'KINDRED_SLUG_TAKEN',
    existing: { kind: 'proposal', id: proposalId },
  })
})

t.test('a withdrawn proposal frees its disease and slug for a new one', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await openProposal(database.db)
  await withdrawProposal(database.db, settings, { proposalId, accountId: founderId })
  const { proposal } = await propose(database.db, {})
  t.equal(proposal.status, 'open')
  t.not(proposal.id, proposalId)
})

t.test('two identical proposals sent at once: one is created, the other gets the same 409 from the unique index', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 8 })
  const founders = await createAccounts(database.db, 4)
  const attempts = await Promise.allSettled(founders.map((founderId) => createProposal(database.db, settings, founderId, proposalFields())))
  const created = attempts.filter((attempt) => attempt.status === 'fulfilled')
  const refused = attempts.filter((attempt) => attempt.status === 'rejected')
  t.equal(created.length, 1)
  t.equal(refused.length, 3)
  const winner = created[0]?.value.proposal.id
  for (const attempt of refused)
    t.match(attempt.reason, { code: 'KINDRED_DUPLICATE_PROPOSAL', existing: { kind: 'proposal', slug: 'fop', id: winner } })
  const rows = await database.db.selectFrom('hub.proposals').select('id').execute()
  t.equal(rows.length, 1)
})

async function untilSomeoneWaitsForALock(db: Kysely<HubDatabase>): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    const { waiting } = await sql<{
      waiting: number
    }>`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`
      .execute(db)
      .then((result) => result.rows[0] ?? { waiting: 0 })
    if (waiting > 0) return
    await sleep(10)
  }
  throw new Error('nobody waited for a lock')
}

t.test('a proposal that passed the check while a rival was being written gets the same 409, from the unique index', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 4 })
  const [rival = '', founder = ''] = await createAccounts(database.db, 2)
  const rivalId = randomUUID()
  let mine: Promise<unknown> = Promise.resolve()
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('hub.proposals')
      .values({
        id: rivalId,
        founder_id: rival,
        disease_name: 'Fibrodysplasia ossificans progressiva',
        disease_key: 'fibrodysplasia ossificans progressiva',
        slug: 'fop-rival',
        summary: 'A rival',
        languages: ['en'],
        founder_statement: 'Me first',
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute()
    // The rival's row is not committed: our check cannot see it, and our insert waits on the unique index.
    mine = createProposal(database.db, settings, founder, proposalFields({ orphaCode: null, slug: 'mine' })).catch(
      (error: unknown) => error,
    )
    await untilSomeoneWaitsForALock(database.db)
  })
  t.match(await mine, {
    code: 'KINDRED_DUPLICATE_PROPOSAL',
    statusCode: 409,
    existing: { kind: 'proposal', slug: 'fop-rival', id: rivalId },
  })
  t.same(
    (await database.db.selectFrom('hub.proposals').select('id').execute()).map((row) => row.id),
    [rivalId],
  )
})

t.test('similar disease names come back as suggestions, different diseases do not', async (t) => {
  const { database } = await createTestDatabase(t)
  await community(database.db, { slug: 'fop', diseaseName: 'Fibrodysplasia ossificans progressiva' })
  await community(database.db, { slug: 'eds', diseaseName: 'Ehlers-Danlos syndrome' })
  await community(database.db, { slug: 'wilson', diseaseName: 'Wilson disease' })
  await community(database.db, { slug: 'gaucher', diseaseName: 'Gaucher disease' })
  await community(database.db, { slug: 'batten', diseaseName: 'Batten disease' })
  await community(database.db, { slug: 'old-pitt', diseaseName: 'Pitt Hopkins syndrom', status: 'archived' })
  await propose(database.db, { slug: 'dmd', diseaseName: 'Duchenne muscular dystrophy', orphaCode: 'ORPHA:98896' })
  const similarTo = async (name: string) => (await similarDiseases(database.db, diseaseKey(name))).map((entry) => entry.slug)
  t.same(await similarTo('Fibrodisplasia osificans progresiva'), ['fop'], 'a misspelling')
  t.same(await similarTo('Fibrodysplasia ossificans progressiva (FOP)'), ['fop'], 'an added acronym')
  t.same(await similarTo('Hypermobile Ehlers-Danlos syndrome'), ['eds'], 'a subtype')
  t.same(await similarTo('Becker muscular dystrophy'), ['dmd'], 'a closely related disease, pending as a proposal')
  t.same(await similarTo('Wolman disease'), [], 'Wolman is not Wilson (0.43)')
  t.same(await similarTo('Fabry disease'), [], 'Fabry is not Gaucher (0.36)')
  t.same(await similarTo('CLN3 disease'), [], 'a synonym sharing no words but "disease" is not found (0.40)')
  t.same(await similarTo('Pitt-Hopkins syndrome'), [], 'archived communities are not suggested')
  t.equal(similarityThreshold, 0.45)
  const [suggestion] = await similarDiseases(database.db, diseaseKey('Fibrodisplasia osificans progresiva'))
  t.match(suggestion, { kind: 'community', slug: 'fop', diseaseName: 'Fibrodysplasia ossificans progressiva' })
  t.ok((suggestion?.similarity ?? 0) >= 0.7 && (suggestion?.similarity ?? 1) < 1, `similarity ${String(suggestion?.similarity)}`)
})

t.test('a new proposal lists similar ones, most similar first, and not itself', async (t) => {
  const { database } = await createTestDatabase(t)
  const first = await propose(database.db, { slug: 'eds', diseaseName: 'Ehlers-Danlos syndrome', orphaCode: null })
  const second = await propose(database.db, { slug: 'heds', diseaseName: 'Hypermobile Ehlers-Danlos syndrome', orphaCode: null })
  t.match(second.similar, [{ kind: 'proposal', slug: 'eds', id: first.proposal.id }])
  const third = await propose(database.db, { slug: 'ceds', diseaseName: 'Classical Ehlers-Danlos syndrome', orphaCode: null })
  t.same(
    third.similar.map((entry) => entry.slug),
    ['eds', 'heds'],
    '"classical EDS" is nearer "EDS" than "hypermobile EDS"',
  )
  const [nearest, next] = third.similar
  t.ok((nearest?.similarity ?? 0) > (next?.similarity ?? 1), 'most similar first')
  t.ok(third.similar.every((entry) => entry.id !== third.proposal.id))
  t.same(first.similar, [], 'nothing resembled the first')
})

t.test('other names count for similarity: theirs, folded, and those of the proposal being written', async (t) => {
  const { database } = await createTestDatabase(t)
  await database.db
    .insertInto('hub.communities')
    .values({
      slug: 'fop',
      name: 'FOP',
      disease_name: 'Fibrodysplasia ossificans progressiva',
      disease_key: diseaseKey('Fibrodysplasia ossificans progressiva'),
      also_known_as: ['Stone man syndrome', 'Münchmeyer disease'],
      languages: ['en'],
      description: 'A community',
      status: 'live',
    })
    .execute()
  await propose(database.db, {
    slug: 'alstrom',
    diseaseName: 'Alström syndrome',
    orphaCode: 'ORPHA:64',
    alsoKnownAs: ['Alstrom-Hallgren syndrome'],
  })
  const similarTo = async (name: string, otherNames: string[] = []) =>
    (await similarDiseases(database.db, diseaseKey(name), { otherKeys: otherNames.map(diseaseKey) })).map((entry) => entry.slug)
  t.same(await similarTo('Stone-man syndrom'), ['fop'], "a community's other name")
  t.same(await similarTo('MUNCHMEYER disease'), ['fop'], 'accents and case aside')
  t.same(await similarTo('Alstrom Hallgren syndrome'), ['alstrom'], "a pending proposal's other name")
  t.same(await similarTo('Heterotopic ossification disorder', ['Fibrodysplasia ossificans progressive']), ['fop'], 'one of our other names')
  t.same(await similarTo('Rett syndrome', ['Gaucher disease']), [], 'sharing "syndrome" or "disease" is not enough (0.39, 0.35)')

  const { similar } = await propose(database.db, {
    slug: 'fop-two',
    diseaseName: 'Heterotopic ossification disorder',
    orphaCode: null,
    alsoKnownAs: ['Stone man syndrome'],
  })
  t.match(similar, [{ kind: 'community', slug: 'fop', similarity: 1 }], 'a proposal sent with other names is told of them')
})
