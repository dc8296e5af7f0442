// Kysely's table interfaces are written by hand (they carry doc comments, value unions and which columns
// never change), so nothing ties them to the migrations by construction. This module compares the two: what
// a migrated schema holds, read from information_schema and pg_catalog, against an interface read with the
// TypeScript compiler. Each difference is one sentence naming the column, its side and where it is declared.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql, type QueryExecutorProvider } from 'kysely'
import ts from 'typescript'

/** A column as the migrated database has it. */
interface DatabaseColumn {
  name: string
  /** `udt_name`: `int4`, `timestamptz`, `_text` for text[], an enum's name… */
  type: string
  nullable: boolean
  /** A default, an identity or a generated expression: an insert may leave it out. */
  hasDefault: boolean
  /** `generated always` (identity or stored expression): an insert or update that sets it fails. */
  generatedAlways: boolean
  /** The values a check constraint on this column alone allows, when it lists them. */
  allowed?: string[]
}

/** A column as a Kysely table interface declares it: select, insert and update sides. */
interface DeclaredColumn {
  name: string
  select: ts.Type
  insert: ts.Type
  update: ts.Type
  /** `file:line` of the declaration, for the message. */
  at: string
}

interface Database {
  tables: Map<string, Map<string, DatabaseColumn>>
}

interface Declaration {
  interfaceName: string
  checker: ts.TypeChecker
  tables: Map<string, { columns: Map<string, DeclaredColumn>; at: string }>
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url))

/** The base tables of `schema`, their columns, and the values of single-column `in (…)` checks. */
async function readDatabase(db: QueryExecutorProvider, schema: string): Promise<Database> {
  const columns = await sql<{
    table_name: string
    column_name: string
    udt_name: string
    is_nullable: 'YES' | 'NO'
    column_default: string | null
    is_identity: 'YES' | 'NO'
    identity_generation: 'ALWAYS' | 'BY DEFAULT' | null
    is_generated: 'ALWAYS' | 'NEVER'
  }>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default, c.is_identity, c.identity_generation, c.is_generated
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = ${schema} and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db)
  const checks = await sql<{ table_name: string; column_name: string; definition: string }>`
    select rel.relname as table_name, att.attname as column_name, pg_get_constraintdef(con.oid) as definition
    from pg_constraint con
    join pg_class rel on rel.oid = con.conrelid
    join pg_namespace nsp on nsp.oid = rel.relnamespace
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
    where nsp.nspname = ${schema} and con.contype = 'c' and cardinality(con.conkey) = 1`.execute(db)

  const tables = new Map<string, Map<string, DatabaseColumn>>()
  for (const row of columns.rows) {
    const table = tables.get(row.table_name) ?? new Map<string, DatabaseColumn>()
    tables.set(row.table_name, table)
    table.set(row.column_name, {
      name: row.column_name,
      type: row.udt_name,
      nullable: row.is_nullable === 'YES',
      hasDefault: row.column_default !== null || row.is_identity === 'YES' || row.is_generated === 'ALWAYS',
      generatedAlways: row.identity_generation === 'ALWAYS' || row.is_generated === 'ALWAYS',
    })
  }
  for (const row of checks.rows) {
    const column = tables.get(row.table_name)?.get(row.column_name)
    const allowed = listedValues(row.definition, row.column_name)
    if (column === undefined || allowed === undefined) continue
    // Two checks listing values on one column: only values both allow are allowed.
    column.allowed = column.allowed === undefined ? allowed : column.allowed.filter((value) => allowed.includes(value))
  }
  return { tables }
}

/**
 * The values a check lists, for the forms PostgreSQL prints `in (…)`, `= 'x'` and `<@ array[…]` as:
 * `CHECK ((status = ANY (ARRAY['open'::text, 'ready'::text])))`, `CHECK ((roles <@ ARRAY['staff'::text])))`.
 * Any other check (lengths, patterns, several columns) says nothing about a value union: undefined.
 */
function listedValues(definition: string, column: string): string[] | undefined {
  const literal = String.raw`'(?:[^']|'')*'::(?:text|character varying)`
  const list = String.raw`${literal}(?:, ${literal})*`
  const name = column.replaceAll(/[^a-z0-9_]/g, '')
  const forms = [
    new RegExp(String.raw`^CHECK \(\(${name} = ANY \(ARRAY\[(${list})\]\)\)\)$`),
    new RegExp(String.raw`^CHECK \(\(\(${name}\)::text = ANY \(\(ARRAY\[(${list})\]\)::text\[\]\)\)\)$`),
    new RegExp(String.raw`^CHECK \(\(${name} <@ ARRAY\[(${list})\]\)\)$`),
    new RegExp(String.raw`^CHECK \(\(${name} = (${literal})\)\)$`),
  ]
  for (const form of forms) {
    const values = form.exec(definition)?.[1]
    if (values !== undefined) return [...values.matchAll(/'((?:[^']|'')*)'::/g)].map((match) => (match[1] ?? '').replaceAll("''", "'"))
  }
  return undefined
}

/** The repository's compiler options (tsconfig.json at its root), so the interfaces read as typecheck reads them. */
function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(repositoryRoot, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (parsed === undefined) throw new Error('tsconfig.json could not be read')
  return parsed.options
}

/**
 * Reads a database interface (`HubDatabase`) and each table interface it names with the compiler: every
 * column's select, insert and update types, as Kysely's `ColumnType<S, I, U>` (and `Generated<S>`) spell
 * them, or the one type of a plain column. `source` replaces the file's text (tests of this module).
 */
function readDeclaration(file: string, interfaceName: string, source?: string): Declaration {
  const options = compilerOptions()
  const host = ts.createCompilerHost(options)
  if (source !== undefined) {
    const getSourceFile = host.getSourceFile.bind(host)
    const fileExists = host.fileExists.bind(host)
    host.fileExists = (name) => name === file || fileExists(name)
    host.getSourceFile = (name, version, ...rest) =>
      name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest)
  }
  const program = ts.createProgram({ rootNames: [file], options, host })
  const checker = program.getTypeChecker()
  const sourceFile = program.getSourceFile(file)
  const declaration = sourceFile?.statements.find((node) => ts.isInterfaceDeclaration(node) && node.name.text === interfaceName)
  if (declaration === undefined) throw new Error(`${file} does not declare interface ${interfaceName}`)
  const location = (symbol: ts.Symbol): string => {
    const node = symbol.declarations?.[0]
    if (node === undefined) return '?'
    const where = node.getSourceFile()
    return `${path.relative(repositoryRoot, where.fileName)}:${where.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
  }
  const side = (type: ts.Type, name: '__select__' | '__insert__' | '__update__'): ts.Type => {
    const property = type.getProperty(name)
    return property === undefined ? type : checker.getTypeOfSymbol(property)
  }
  const tables: Declaration['tables'] = new Map()
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(declaration))) {
    const columns = new Map<string, DeclaredColumn>()
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      const type = checker.getTypeOfSymbol(column)
      columns.set(column.name, {
        name: column.name,
        select: side(type, '__select__'),
        insert: side(type, '__insert__'),
        update: side(type, '__update__'),
        at: location(column),
      })
    }
    tables.set(table.name, { columns, at: location(table) })
  }
  return { interfaceName, checker, tables }
}

const typeFamilies: Record<string, string> = {
  bool: 'boolean',
  int2: 'number',
  int4: 'number',
  float4: 'number',
  float8: 'number',
  oid: 'number',
  // node-postgres reads bigint and numeric as text: they may not fit a JavaScript number.
  int8: 'string',
  numeric: 'string',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  name: 'string',
  uuid: 'string',
  citext: 'string',
  tsvector: 'string',
  inet: 'string',
  timestamptz: 'Date',
  timestamp: 'Date',
  date: 'Date',
  bytea: 'Buffer',
  json: 'JSON',
  jsonb: 'JSON',
}

/** What node-postgres, with its default parsers, hands back for a column of this type. */
function databaseFamily(type: string): string {
  if (type.startsWith('_')) return `${databaseFamily(type.slice(1))}[]`
  // Enums (user-defined types) are read as their labels.
  return typeFamilies[type] ?? 'string'
}

function members(type: ts.Type): ts.Type[] {
  return type.isUnion() ? type.types : [type]
}

const has = (type: ts.Type, flag: ts.TypeFlags): boolean => members(type).some((member) => (member.flags & flag) !== 0)
const isNever = (type: ts.Type): boolean => (type.flags & ts.TypeFlags.Never) !== 0

/** The kind of JavaScript value a type describes, null and undefined aside: `string`, `Date`, `number[]`… */
function declaredFamily(checker: ts.TypeChecker, type: ts.Type): string {
  const families = new Set<string>()
  for (const member of members(type)) {
    const flags = member.flags
    if ((flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0) continue
    if ((flags & ts.TypeFlags.StringLike) !== 0) families.add('string')
    else if ((flags & ts.TypeFlags.NumberLike) !== 0) families.add('number')
    else if ((flags & ts.TypeFlags.BooleanLike) !== 0) families.add('boolean')
    else if ((flags & ts.TypeFlags.BigIntLike) !== 0) families.add('bigint')
    else if (checker.isArrayType(member)) {
      const element = checker.getTypeArguments(member as ts.TypeReference)[0]
      families.add(`${element === undefined ? 'unknown' : declaredFamily(checker, element)}[]`)
    } else {
      const name = member.getSymbol()?.name
      families.add(name === 'Date' || name === 'Buffer' ? name : 'object')
    }
  }
  return [...families].sort().join(' | ') || 'never'
}

function familiesAgree(database: string, declared: string): boolean {
  if (database === 'JSON') return declared === 'object' || declared.endsWith('[]')
  return database === declared
}

/** The string literals of a type (or of its array's elements), when it is made of them alone. */
function declaredValues(checker: ts.TypeChecker, type: ts.Type): string[] | undefined {
  const values: string[] = []
  for (const member of members(type)) {
    if ((member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0) continue
    if (member.isStringLiteral()) values.push(member.value)
    else if (checker.isArrayType(member)) {
      const element = checker.getTypeArguments(member as ts.TypeReference)[0]
      const inner = element === undefined ? undefined : declaredValues(checker, element)
      if (inner === undefined) return undefined
      values.push(...inner)
    } else return undefined
  }
  return values
}

const quoted = (values: string[]): string => values.map((value) => `'${value}'`).join(', ')

function compareColumn(name: string, column: DatabaseColumn, declared: DeclaredColumn, declaration: Declaration): string[] {
  const { checker, interfaceName: where } = declaration
  const found: string[] = []
  const at = ` (${declared.at})`
  const selectNullable = has(declared.select, ts.TypeFlags.Null)
  if (column.nullable && !selectNullable) found.push(`${name} is nullable in the database but not in ${where}${at}`)
  if (!column.nullable && selectNullable) found.push(`${name} is not null in the database but nullable in ${where}${at}`)

  const family = databaseFamily(column.type)
  const declaredAs = declaredFamily(checker, declared.select)
  if (!familiesAgree(family, declaredAs)) {
    found.push(`${name} is ${column.type} in the database, read as ${family}, but ${declaredAs} in ${where}${at}`)
  }

  // Kysely lets an insert leave a column out when its insert type takes undefined or null, and never
  // inserts one whose insert type is never.
  const insertable = !isNever(declared.insert)
  const insertOptional = !insertable || has(declared.insert, ts.TypeFlags.Null | ts.TypeFlags.Undefined)
  const omittable = column.nullable || column.hasDefault
  if (!omittable && !insertable)
    found.push(`${name} has no default in the database, so an insert must set it, but ${where} never inserts it${at}`)
  else if (!omittable && insertOptional)
    found.push(`${name} has no default in the database, so an insert must set it, but ${where} lets an insert leave it out${at}`)
  if (omittable && !insertOptional) {
    const why = column.hasDefault ? 'has a default' : 'is nullable'
    found.push(
      `${name} ${why} in the database, so an insert may leave it out, but ${where} requires it (Generated, or undefined on insert)${at}`,
    )
  }
  if (column.generatedAlways && insertable)
    found.push(`${name} is generated always by the database, but ${where} lets an insert set it${at}`)
  if (column.generatedAlways && !isNever(declared.update))
    found.push(`${name} is generated always by the database, but ${where} lets an update set it${at}`)
  // A nullable select type on a not-null column was reported above; its null insert and update go with it.
  const nullAlreadyReported = !column.nullable && selectNullable
  if (!column.nullable && !nullAlreadyReported && insertable && has(declared.insert, ts.TypeFlags.Null))
    found.push(`${name} is not null in the database, but ${where} inserts null${at}`)
  if (!column.nullable && !nullAlreadyReported && has(declared.update, ts.TypeFlags.Null))
    found.push(`${name} is not null in the database, but ${where} updates it to null${at}`)

  const values = declaredValues(checker, declared.select)
  if (column.allowed !== undefined && values !== undefined) {
    const refused = values.filter((value) => !column.allowed?.includes(value))
    const unnamed = column.allowed.filter((value) => !values.includes(value))
    if (unnamed.length > 0) found.push(`${name} allows ${quoted(unnamed)} in the database (its check), which ${where} does not name${at}`)
    if (refused.length > 0) found.push(`${name} refuses ${quoted(refused)} in the database (its check), which ${where} names${at}`)
  }
  return found
}

export interface TableTypesCheck {
  /** A Kysely instance (or transaction) on the database that holds the migrated schema. */
  db: QueryExecutorProvider
  /** The migrated schema: `hub`, or a tenant's. */
  schema: string
  /** What messages call the schema: `hub`, or `tenant` for every tenant's. */
  label: string
  /** The file declaring the interface, as a URL or an absolute path. */
  file: URL | string
  /** The database interface naming every table: `HubDatabase`, `TenantDatabase`. */
  interfaceName: string
  /** The file's text, in place of what is on disk (for tests of the check itself). */
  source?: string
}

/**
 * Every difference between a migrated schema and the Kysely interface that describes it, one sentence
 * each, empty when they agree: tables and columns on one side only; nullability; the kind of value read
 * (node-postgres's defaults: bigint and numeric as string, date as Date); whether an insert may leave a
 * column out (a default or null) exactly when the interface lets it (`Generated`, undefined or null on
 * insert); `generated always` columns never written; and a value union against the values a check lists.
 * Interface keys may be qualified by the schema (`'hub.accounts'`) or not (tenant tables).
 *
 * @example t.same(await tableTypeDrift({ db, schema: 'hub', label: 'hub', file, interfaceName: 'HubDatabase' }), [])
 * // ['hub.sessions.revoked_at is nullable in the database but not in HubDatabase (packages/db/src/hub-schema.ts:88)']
 */
export async function tableTypeDrift(check: TableTypesCheck): Promise<string[]> {
  const file = check.file instanceof URL ? fileURLToPath(check.file) : check.file
  const database = await readDatabase(check.db, check.schema)
  const declaration = readDeclaration(file, check.interfaceName, check.source)
  const where = check.interfaceName
  const found: string[] = []
  const declaredTables = new Map<string, { columns: Map<string, DeclaredColumn>; at: string }>()
  for (const [key, table] of declaration.tables) {
    const dot = key.indexOf('.')
    const qualifier = dot === -1 ? undefined : key.slice(0, dot)
    if (qualifier !== undefined && qualifier !== check.schema)
      found.push(`${where} names ${key}, outside schema ${check.schema} (${table.at})`)
    else declaredTables.set(key.slice(dot + 1), table)
  }
  for (const table of database.tables.keys()) {
    if (!declaredTables.has(table)) found.push(`${check.label}.${table} is a table in the database but not in ${where}`)
  }
  for (const [tableName, table] of declaredTables) {
    const columns = database.tables.get(tableName)
    if (columns === undefined) {
      found.push(`${check.label}.${tableName} is in ${where} but not a table in the database (${table.at})`)
      continue
    }
    for (const column of columns.keys()) {
      if (!table.columns.has(column))
        found.push(`${check.label}.${tableName}.${column} is a column in the database but not in ${where} (${table.at})`)
    }
    for (const [columnName, declared] of table.columns) {
      const column = columns.get(columnName)
      const name = `${check.label}.${tableName}.${columnName}`
      if (column === undefined) found.push(`${name} is in ${where} but not a column in the database (${declared.at})`)
      else found.push(...compareColumn(name, column, declared, declaration))
    }
  }
  return found
}
