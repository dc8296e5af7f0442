import type { Compilable, CompiledQuery } from 'kysely'
import { executeCompiled, type TenantHandle } from './tenant-handle.ts'

type Values = Record<string, unknown>

// Where each placeholder's value comes from: a value of the call, or a constant of the query itself.
type Source = { name: string } | { constant: unknown }

interface Template<Row> {
  compiled: CompiledQuery<Row>
  sources: Source[]
}

// Each remembered template's statement name, by its text: placement pools prepare these statements and
// no others (placements.ts). Names are never given twice, so one cannot stand for two texts.
const statementNames = new Map<string, string>()
let namesGiven = 0

/** The name a placement connection prepares a query template's statement under; other texts run unnamed. */
export const templateStatementName = (text: string): string | undefined => statementNames.get(text)

/**
 * A tenant query compiled once per schema and shape, then run with each call's values. Building a Kysely
 * query and compiling it (qualifying every table with the schema walks the whole tree) was a tenth of the
 * thread list's time, the same work on every request. The first call of a shape compiles `build` with a
 * unique symbol standing for each value and remembers which placeholder each symbol landed on.
 *
 * `build` must pass each value to the query as it is (no arithmetic, no decoding: do that before) and may
 * branch only on whether a value is undefined, which is what a shape is. Placement connections run a
 * template's statement prepared (parsed once per connection), so it names its columns rather than `*`: a
 * prepared statement's result columns cannot change under it.
 *
 * @example
 * const threads = queryTemplate((tenant, values: { limit: number; categoryId?: string }) => tenant.query.selectFrom('threads').select(['id', 'title']).limit(values.limit))
 * const rows = await threads(tenant, { limit: 21 })
 */
export function queryTemplate<V extends Values, Row>(
  build: (tenant: TenantHandle, values: V) => Compilable<Row>,
  maxTemplates = 10_000,
): (tenant: TenantHandle, values: V) => Promise<Row[]> {
  const templates = new Map<string, Template<Row>>()

  const compile = (tenant: TenantHandle, names: string[]): Template<Row> => {
    const symbols = new Map(names.map((name) => [Symbol(name), name]))
    const standIns = Object.fromEntries([...symbols].map(([symbol, name]) => [name, symbol]))
    // Symbols stand for the values only while compiling; they never reach the database.
    const compiled = build(tenant, standIns as V).compile()
    statementNames.set(compiled.sql, `kindred_t${(namesGiven++).toString(36)}`)
    const sources = compiled.parameters.map((parameter): Source => {
      const name = typeof parameter === 'symbol' ? symbols.get(parameter) : undefined
      return name === undefined ? { constant: parameter } : { name }
    })
    return { compiled, sources }
  }

  const forget = (key: string): void => {
    const template = templates.get(key)
    if (template !== undefined) statementNames.delete(template.compiled.sql)
    templates.delete(key)
  }

  return async (tenant, values) => {
    const names = Object.keys(values)
      .filter((name) => values[name] !== undefined)
      .sort()
    const key = `${tenant.schema} ${names.join(',')}`
    let template = templates.get(key)
    if (template === undefined) {
      template = compile(tenant, names)
      if (templates.size >= maxTemplates) forget(templates.keys().next().value ?? '')
      templates.set(key, template)
    }
    const parameters = template.sources.map((source) => ('name' in source ? values[source.name] : source.constant))
    return executeCompiled(tenant, { ...template.compiled, parameters })
  }
}
