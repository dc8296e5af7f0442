// What one connection pays per community it serves: the time of a first member lookup in a community
// (PostgreSQL loads the tables' catalog entries) against the same lookup again, and the memory the
// connection keeps per community, with unnamed statements (as placement pools send them) and with one
// prepared statement per community (as they would if they prepared: each community's text differs).
import { randomUUID } from 'node:crypto'
import pg from 'pg'

export interface CatalogCosts {
  communities: number
  firstLookupMs: number
  againLookupMs: number
  unnamedKbPerCommunity: number
  preparedKbPerCommunity: number
}

// The lookup switching makes in a community: its member row by primary key.
const lookup = (schema: string): string =>
  `select member_id, pseudonym, role, left_at, banned_at from "${schema}"."members" where member_id = $1`

async function backendKb(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>('select sum(total_bytes) as bytes from pg_backend_memory_contexts')
  return Number(rows[0]?.bytes) / 1024
}

/** Runs `query` once per schema on a fresh connection; returns the mean milliseconds and the KB it kept per schema. */
async function everyCommunity(
  url: string,
  schemas: readonly string[],
  query: (client: pg.Client, schema: string, index: number) => Promise<unknown>,
) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const before = await backendKb(client)
    const started = performance.now()
    for (const [index, schema] of schemas.entries()) await query(client, schema, index)
    const firstMs = (performance.now() - started) / schemas.length
    const kbPerCommunity = ((await backendKb(client)) - before) / schemas.length
    const again = performance.now()
    for (const [index, schema] of schemas.entries()) await query(client, schema, index)
    return { firstMs, againMs: (performance.now() - again) / schemas.length, kbPerCommunity }
  } finally {
    await client.end()
  }
}

export async function catalogCosts(url: string, schemas: readonly string[]): Promise<CatalogCosts> {
  const memberId = randomUUID()
  const unnamed = await everyCommunity(url, schemas, (client, schema) => client.query(lookup(schema), [memberId]))
  // Named per community, as the process-wide names of PreparingClient would be, without using them up.
  const prepared = await everyCommunity(url, schemas, (client, schema, index) =>
    client.query({ name: `bench_lookup_${index}`, text: lookup(schema), values: [memberId] }),
  )
  return {
    communities: schemas.length,
    firstLookupMs: unnamed.firstMs,
    againLookupMs: unnamed.againMs,
    unnamedKbPerCommunity: unnamed.kbPerCommunity,
    preparedKbPerCommunity: prepared.kbPerCommunity,
  }
}
