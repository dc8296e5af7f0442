import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { HubDatabase } from '@kindred/db'
import { diseaseKey } from '@kindred/incubator'
import { communityCard, listDirectory } from '@kindred/tenancy'
import { createTestDatabase } from '@kindred/testkit'

interface Named {
  slug: string
  name: string
  diseaseName: string
  orphaCode?: string
  alsoKnownAs?: string[]
  status?: 'live' | 'archived'
}

async function community(db: Kysely<HubDatabase>, values: Named): Promise<void> {
  await db
    .insertInto('hub.communities')
    .values({
      slug: values.slug,
      name: values.name,
      disease_name: values.diseaseName,
      disease_key: diseaseKey(values.diseaseName),
      orpha_code: values.orphaCode ?? null,
      also_known_as: values.alsoKnownAs ?? [],
      languages: ['en'],
      description: 'A community',
      status: values.status ?? 'live',
    })
    .execute()
}

async function fixtures(db: Kysely<HubDatabase>): Promise<void> {
  await community(db, {
    slug: 'fop',
    name: 'FOP friends',
    diseaseName: 'Fibrodysplasia ossificans progressiva',
    orphaCode: 'ORPHA:337',
    alsoKnownAs: ['Stone man syndrome', 'Münchmeyer disease'],
  })
  await community(db, { slug: 'alstrom', name: 'Alström syndrome', diseaseName: 'Alström syndrome', orphaCode: 'ORPHA:64' })
  await community(db, { slug: 'sjogren', name: 'Ἀρχαῖα Sjögren’s circle', diseaseName: 'Sjögren’s syndrome' })
  await community(db, { slug: 'fop-archive', name: 'Old FOP', diseaseName: 'FOP (old)', alsoKnownAs: ['Stone man'], status: 'archived' })
}

t.test('texts are folded for search in the database: accents dropped, lower case, white space as one space', async (t) => {
  const { database } = await createTestDatabase(t)
  const folded = async (value: string): Promise<string> =>
    (await sql<{ folded: string }>`select hub.search_folded(${value}) as folded`.execute(database.db)).rows[0]?.folded ?? ''
  t.equal(await folded('Alström SYNDROME'), 'alstrom syndrome')
  t.equal(await folded('  Stone \t  man\nsyndrome '), 'stone man syndrome', 'line breaks too')
  t.equal(await folded('Ἀρχαῖα Ωμέγα'), 'αρχαια ωμεγα', 'Greek accents and breathings')
  t.equal(await folded('Болезнь Помпе'), 'болезнь помпе', 'other scripts lower-cased, not dropped')
  t.equal(await folded('ﬁbrodysplasia ＯＲＰＨＡ:３３７'), 'fibrodysplasia orpha:337', 'compatibility forms decomposed')
  t.equal(await folded('Sjögren’s syndrome (ORPHA:289)'), 'sjogren’s syndrome (orpha:289)', 'punctuation kept')

  await fixtures(database.db)
  const { search_text } = await database.db
    .selectFrom('hub.communities')
    .select('search_text')
    .where('slug', '=', 'fop')
    .executeTakeFirstOrThrow()
  t.equal(
    search_text,
    'fop friends\nfibrodysplasia ossificans progressiva\norpha:337\nstone man syndrome\nmunchmeyer disease',
    'generated: name, disease, ORPHA code and other names, one a line',
  )
  await database.db
    .updateTable('hub.communities')
    .set({ also_known_as: ['Myositis ossificans progressiva'] })
    .where('slug', '=', 'fop')
    .execute()
  const updated = await database.db.selectFrom('hub.communities').select('search_text').where('slug', '=', 'fop').executeTakeFirstOrThrow()
  t.match(updated.search_text, /\nmyositis ossificans progressiva$/, 'and kept true when the names change')
})

t.test('the directory finds live communities by any of their names or their ORPHA code, whatever the case and accents', async (t) => {
  const { database } = await createTestDatabase(t)
  await fixtures(database.db)
  const search = async (q: string): Promise<string[]> =>
    (await listDirectory(database.db, { limit: 20, q })).items.map((entry) => entry.slug)

  t.same(await search('stone man'), ['fop'], 'part of another name; not the archived community')
  t.same(await search('STONE  MAN'), ['fop'], 'any case, any spacing')
  t.same(await search('munchmeyer'), ['fop'], 'accents in the name, none in the search')
  t.same(await search('alstrom'), ['alstrom'])
  t.same(await search('ALSTRÖM'), ['alstrom'], 'accents in both')
  t.same(await search('ossificans'), ['fop'], 'the disease name')
  t.same(await search('friends'), ['fop'], 'the community name')
  t.same(await search('αρχαια'), ['sjogren'], 'other scripts, accents aside')
  t.same(await search('ORPHA:337'), ['fop'], 'the ORPHA code as written')
  t.same(await search('orpha:64'), ['alstrom'])
  t.same(await search('337'), ['fop'], 'the ORPHA number alone')
  t.same(await search('syndrome'), ['alstrom', 'fop', 'sjogren'], 'in slug order')
  t.same(await search('337 stone'), [], 'never across two names')
  t.same(await search('%'), [], '% is a character, not a wildcard')
  t.same(await search('％'), [], 'nor when folding makes it one')
  t.same(await search('_'), [])

  const [fop] = (await listDirectory(database.db, { limit: 1, q: 'stone man' })).items
  t.same(fop?.alsoKnownAs, ['Stone man syndrome', 'Münchmeyer disease'], 'entries carry the other names as written')
  t.same((await communityCard(database.db, 'fop-archive')).alsoKnownAs, ['Stone man'], 'and so do cards')
})

t.test('a search can be served by the trigram index on the folded text', async (t) => {
  const { database } = await createTestDatabase(t)
  await fixtures(database.db)
  const plan = await database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const explained = await sql<{ 'QUERY PLAN': string }>`
      explain select slug from hub.communities where search_text like hub.search_pattern(${'stone man'})`.execute(trx)
    return explained.rows.map((row) => row['QUERY PLAN']).join('\n')
  })
  t.match(plan, /communities_search_trgm_idx/)
})
