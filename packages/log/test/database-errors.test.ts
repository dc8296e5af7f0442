import pg from 'pg'
import t from 'tap'
import { KindredError } from '@kindred/errors'
import { captureLogs, createTestDatabase } from '@kindred/testkit'

const typed = 'zorblatt-typed-this'

async function databaseError(url: string, statement: string, values: unknown[]): Promise<Error> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement, values)
    throw new Error('the statement succeeded')
  } catch (error) {
    return error as Error
  } finally {
    await client.end()
  }
}

t.test('a database error is logged with its SQLSTATE and table, never with the values it quotes', async (t) => {
  const { url } = await createTestDatabase(t)
  const badUuid = await databaseError(url, 'select $1::uuid', [typed])
  await databaseError(url, 'create table people (email text unique)', []).catch(() => undefined)
  await databaseError(url, 'insert into people values ($1)', [`${typed}@example.org`])
  const duplicate = await databaseError(url, 'insert into people values ($1)', [`${typed}@example.org`])
  const logs = captureLogs('info')
  logs.logger.error({ err: badUuid }, 'request failed')
  logs.logger.error({ err: duplicate }, 'request failed')
  logs.logger.error({ err: new KindredError('KINDRED_INTERNAL', 'wrapped', { cause: badUuid }) }, 'request failed')
  t.notMatch(logs.text(), typed, 'nothing the caller typed reaches the log')
  t.match(logs.lines()[0], { err: { code: '22P02', message: 'invalid input syntax for type uuid: "…"' } })
  t.match(logs.lines()[1], { err: { code: '23505', table: 'people', constraint: 'people_email_key' } })
  t.notOk('detail' in (logs.lines()[1]?.err as object), 'the detail repeating the row is left out')
  t.match(logs.lines()[2], { err: { message: /wrapped: invalid input syntax for type uuid: "…"/ } }, 'a wrapped one too')
})

t.test('other errors are logged as they are', async (t) => {
  const logs = captureLogs('info')
  logs.logger.error({ err: new Error('the "queue" is full') }, 'failed')
  t.match(logs.lines()[0], { err: { message: 'the "queue" is full' } })
})
