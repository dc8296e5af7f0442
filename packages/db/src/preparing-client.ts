import pg from 'pg'

/** Distinct statements prepared per process; past it, further statements run unprepared. */
export const maxPreparedStatements = 2000

/** The name a client class prepares `text` under, or undefined to send it unnamed. */
export type StatementNamer = (text: string) => string | undefined

const names = new Map<string, string>()

function statementName(text: string): string | undefined {
  const known = names.get(text)
  if (known !== undefined || names.size >= maxPreparedStatements) return known
  const name = `kindred_${names.size.toString(36)}`
  names.set(text, name)
  return name
}

/**
 * A pg client class that runs the parameterised queries `nameOf` names as named prepared statements:
 * PostgreSQL parses them once per connection and, once it settles on a generic plan, plans them once
 * too. A name must never stand for two texts in one process (node-postgres refuses a name it has seen
 * with another text on the same connection). Queries without parameters (migrations, several statements in
 * one string) keep the simple protocol.
 */
export function preparingClient(nameOf: StatementNamer): typeof pg.Client {
  return class extends pg.Client {
    override query(...args: unknown[]): never {
      const [text, values] = args
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
        const name = nameOf(text)
        if (name !== undefined) return super.query({ name, text, values }) as never
      }
      return (super.query as (...rest: unknown[]) => never)(...args)
    }
  }
}

/**
 * The client of the hub's pools: every parameterised query prepared. Kysely sends each query shape as the
 * same SQL text, so a process has a few hundred of them. Measured: the account profile query served 4.6k
 * times/s unnamed and 12.7k times/s prepared on the same server (docs/decisions.md).
 */
export const PreparingClient = preparingClient(statementName)
