import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import ts from 'typescript'

// docs/architecture.md states the layers and what each package may import; this holds the code to it, so
// the document cannot fall behind. The table is read from the document itself, not restated here.

const root = path.resolve(import.meta.dirname, '../..')
const scope = '@kindred/'

interface Workspace {
  name: string
  directory: string
  declared: Set<string>
}

interface Import {
  file: string
  specifier: string
  typeOnly: boolean
}

async function workspaces(folder: 'packages' | 'apps'): Promise<Workspace[]> {
  const names = await readdir(path.join(root, folder))
  return Promise.all(
    names.map(async (name) => {
      const directory = path.join(root, folder, name)
      const manifest = JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
      const declared = Object.keys(manifest.dependencies ?? {}).filter((dependency) => dependency.startsWith(scope))
      return { name, directory, declared: new Set(declared.map((dependency) => dependency.slice(scope.length))) }
    }),
  )
}

/** Layer of each package, from the table of docs/architecture.md: `| 2 | tokens, job-definition | … |`. */
async function documentedLayers(): Promise<Map<string, number>> {
  const document = await readFile(path.join(root, 'docs/architecture.md'), 'utf8')
  const layers = new Map<string, number>()
  for (const [, layer = '', names = ''] of document.matchAll(/^\| (\d+|app) \| ([a-z0-9-, ]+) \|/gm)) {
    for (const name of names.split(',')) layers.set(name.trim(), layer === 'app' ? Infinity : Number(layer))
  }
  return layers
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => path.join(entry.parentPath, entry.name))
}

// A whole-file type import (`import type`) is erased at run time; TypeScript's own parser tells them apart.
async function importsOf(file: string): Promise<Import[]> {
  const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest)
  return source.statements.flatMap((statement) => {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) return []
    const specifier = statement.moduleSpecifier
    if (specifier === undefined || !ts.isStringLiteral(specifier)) return []
    const typeOnly = ts.isImportDeclaration(statement)
      ? statement.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword
      : statement.isTypeOnly
    return [{ file: path.relative(root, file), specifier: specifier.text, typeOnly }]
  })
}

async function importsOfWorkspace(workspace: Workspace): Promise<Import[]> {
  return (await Promise.all((await sourceFiles(path.join(workspace.directory, 'src'))).map(importsOf))).flat()
}

const kindredName = (specifier: string): string | undefined => (specifier.startsWith(scope) ? specifier.slice(scope.length) : undefined)

// The hub shows the product's version and licence from the root manifest: the one file outside a
// workspace that one of them may read.
const rootManifest = path.join(root, 'package.json')

function escapesWorkspace(workspace: Workspace, { file, specifier }: Import): boolean {
  if (!specifier.startsWith('.')) return false
  const target = path.resolve(root, path.dirname(file), specifier)
  return target !== rootManifest && !target.startsWith(workspace.directory + path.sep)
}

const packages = await workspaces('packages')
const apps = await workspaces('apps')
const layers = await documentedLayers()

t.test('the table of docs/architecture.md places every package and app, once', async (t) => {
  const listed = [...layers.keys()].toSorted()
  t.strictSame(listed, [...packages, ...apps].map((workspace) => workspace.name).toSorted())
})

t.test('a package imports only packages of a lower layer', async (t) => {
  for (const workspace of packages) {
    const layer = layers.get(workspace.name) ?? -1
    const upward = (await importsOfWorkspace(workspace)).flatMap(({ file, specifier }) => {
      const name = kindredName(specifier)
      if (name === undefined) return []
      const theirs = layers.get(name) ?? Infinity
      return theirs < layer ? [] : [`${file} imports ${specifier} (layer ${theirs})`]
    })
    t.strictSame(upward, [], `${workspace.name} (layer ${layer}) imports from below only`)
  }
})

t.test('every workspace declares exactly the packages it imports, and imports them through their index', async (t) => {
  for (const workspace of [...packages, ...apps]) {
    const imports = await importsOfWorkspace(workspace)
    const used = new Set(imports.flatMap(({ specifier }) => kindredName(specifier) ?? []))
    t.strictSame([...used].toSorted(), [...workspace.declared].toSorted(), `${workspace.name}: imported and declared`)
    const deep = imports.filter(({ specifier }) => kindredName(specifier)?.includes('/') === true)
    t.strictSame(deep, [], `${workspace.name}: no import past another package's index`)
  }
})

t.test('no relative import leaves its workspace, and no package imports an app nor an app another app', async (t) => {
  const appNames = new Set(apps.map((app) => app.name))
  for (const workspace of [...packages, ...apps]) {
    const imports = await importsOfWorkspace(workspace)
    t.strictSame(
      imports.filter((imported) => escapesWorkspace(workspace, imported)),
      [],
      `${workspace.name}: relative imports stay inside it`,
    )
    t.strictSame(
      imports.filter(({ specifier }) => appNames.has(kindredName(specifier) ?? '')),
      [],
      `${workspace.name}: imports no app`,
    )
  }
})

t.test('apps build no SQL: Kysely and pg are named only as types there', async (t) => {
  for (const app of apps) {
    const database = (await importsOfWorkspace(app)).filter(({ specifier, typeOnly }) => ['kysely', 'pg'].includes(specifier) && !typeOnly)
    t.strictSame(database, [], `${app.name}: no value imported from kysely or pg`)
  }
})

// A tenant's queries are bound to its schema once, by its handle; a `withSchema` written elsewhere is one
// that can be forgotten (or given the wrong schema) and fail only at run time. These may name a schema,
// each for its reason:
const schemaNamers = new Map([
  ['packages/community/src/tenant-handle.ts', 'the tenant handle itself: binds every handle to its schema'],
  ['packages/db/src/migrations/migrator.ts', "keeps each schema's migration history in that schema, the hub's and every tenant's"],
])

async function withSchemaCalls(file: string): Promise<string[]> {
  const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest)
  const calls: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'withSchema') {
      calls.push(`${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return calls
}

t.test('only the tenant handle binds a schema: no other file calls withSchema, save the migrator', async (t) => {
  const files = (await Promise.all([...packages, ...apps].map((workspace) => sourceFiles(path.join(workspace.directory, 'src'))))).flat()
  const calls = (await Promise.all(files.filter((file) => !schemaNamers.has(path.relative(root, file))).map(withSchemaCalls))).flat()
  t.strictSame(calls, [], 'tenant queries go through tenant.query or tenant.transaction')
  for (const [allowed, reason] of schemaNamers)
    t.ok((await withSchemaCalls(path.join(root, allowed))).length > 0, `${allowed} still needs it: ${reason}`)
})
