import { parse } from 'libpg-query'

/**
 * The statements of a rendered migration, in order, each as its own query text. A Citus coordinator
 * refuses several statements in one query, so the migrator sends them one by one there. PostgreSQL's own
 * parser (libpg-query) finds the boundaries, so semicolons inside `$$` bodies, quoted text and comments
 * do not split a statement.
 *
 * @example await splitStatements('create table t (a int); create function f() returns int as $$ select 1; $$ language sql')
 * // ['create table t (a int)', 'create function f() returns int as $$ select 1; $$ language sql']
 */
export async function splitStatements(text: string): Promise<string[]> {
  const { stmts = [] } = await parse(text)
  // The parser reports byte offsets into UTF-8, and a migration's comments may hold any character.
  const bytes = Buffer.from(text, 'utf8')
  return stmts.map((statement) => {
    const start = statement.stmt_location ?? 0
    const end = statement.stmt_len === undefined || statement.stmt_len === 0 ? bytes.length : start + statement.stmt_len
    return bytes.subarray(start, end).toString('utf8').trim()
  })
}
