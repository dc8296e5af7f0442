import { rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import t from 'tap'
import ts from 'typescript'
import openapiTS, { astToString } from 'openapi-typescript'
import { grantRole } from '@kindred/identity'
import { buildTestHub, runDueJobs, hubTasks, startTestMailbox } from '@kindred/testkit'
import type { RunJoinFlow } from './typed-client/flow-contract.ts'

// A third party's client, generated from the OpenAPI document the hub serves: openapi-typescript writes
// the types, the TypeScript compiler checks typed-client/join-flow.ts against them (so the document and
// a client's use of it cannot drift apart unnoticed), then the flow runs against a hub over real HTTP.

const clientDir = fileURLToPath(new URL('typed-client/', import.meta.url))
const typesFile = path.join(clientDir, 'kindred-api.d.ts')
const flowFile = path.join(clientDir, 'join-flow.ts')

/** Writes the types generated from `document`; renamed into place, since test runs may overlap. */
async function writeGeneratedTypes(document: unknown): Promise<void> {
  const types = astToString(await openapiTS(JSON.stringify(document), { silent: true }))
  const partial = `${typesFile}.${process.pid}.tmp`
  await writeFile(partial, `// Generated from the hub's OpenAPI document by apps/hub/test/openapi-client.test.ts: do not edit.\n${types}`)
  await rename(partial, typesFile)
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => clientDir,
  getNewLine: () => '\n',
}

// The repository's lint cannot read the typed client (its types exist once this test generated them), so
// its rule against `any` is kept here: every expression of the client must have a type of the document's.
function anyTyped(program: ts.Program, file: string): string[] {
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(file)
  if (source === undefined) return [`${file} was not compiled`]
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node)) return
    if ((ts.isExpression(node) || ts.isIdentifier(node)) && (checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0) {
      found.push(`${path.basename(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/**
 * Compiles the typed client's folder, and `extra`, a module of that folder held in memory, with the
 * project's settings (typed-client/tsconfig.json extends the root one) against the generated types: the
 * files compiled, TypeScript's errors (each starting with its file's name) and the flow's `any`s.
 */
function compileTypedClient(extra: { name: string; source: string }): { files: string[]; errors: string[]; anys: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(clientDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (parsed === undefined) throw new Error('typed-client/tsconfig.json could not be read')
  const host = ts.createCompilerHost(parsed.options)
  const extraPath = path.join(clientDir, extra.name)
  const fileExists = host.fileExists.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.fileExists = (name) => name === extraPath || fileExists(name)
  host.getSourceFile = (name, version, ...rest) =>
    name === extraPath ? ts.createSourceFile(name, extra.source, version) : getSourceFile(name, version, ...rest)
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, extraPath], options: parsed.options, host })
  return {
    files: program.getRootFileNames().map((name) => path.relative(clientDir, name)),
    errors: ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.formatDiagnostic(diagnostic, formatHost).trim()),
    anys: anyTyped(program, flowFile),
  }
}

t.test(
  'the typed client compiles against the types generated from the OpenAPI document, and a use the document does not describe fails',
  async (t) => {
    const { app } = await buildTestHub(t, { secondPlacement: false })
    await writeGeneratedTypes(app.swagger())
    // A module using the API as the document does not describe it, compiled with the client in one program.
    const drift = [
      "import createClient from 'openapi-fetch'",
      "import type { paths } from './kindred-api.d.ts'",
      'const kindred = createClient<paths>()',
      "await kindred.POST('/v1/auth/login', { body: { email: 'ada@example.org', passphrase: 'a long enough password' } })",
      "await kindred.GET('/v1/proposal/{id}', { params: { path: { id: '1' } } })",
    ].join('\n')
    const { files, errors, anys } = compileTypedClient({ name: 'drift.ts', source: drift })
    t.ok(files.includes('join-flow.ts') && files.includes('kindred-api.d.ts'), `compiled: ${files.join(', ')}`)
    t.strictSame(
      errors.filter((error) => !error.startsWith('drift.ts')),
      [],
      'the typed client compiles',
    )
    t.strictSame(anys, [], 'nothing in the typed client is typed any')
    t.match(errors, [/^drift\.ts.*passphrase/, /^drift\.ts.*\/v1\/proposal\/\{id\}/], 'a wrong body and a wrong path are refused')
  },
)

t.test(
  'a client generated from the document registers, confirms its address, signs in, proposes, supports, gets approved and joins over real HTTP',
  async (t) => {
    // One volunteer moderator is support enough, so that staff may approve at once.
    const mailbox = await startTestMailbox(t)
    const hub = await buildTestHub(t, { env: { PROPOSAL_THRESHOLDS: 'lt_1_per_1m=1/1', SMTP_URL: mailbox.url } })
    const address = await hub.app.listen({ host: '127.0.0.1', port: 0 })
    // Node strips the flow's types as it loads it; the generated ones are only imported as types.
    const { runJoinFlow } = (await import(pathToFileURL(flowFile).href)) as { runJoinFlow: RunJoinFlow }
    const { db, pool } = hub.database
    const result = await runJoinFlow(address, {
      makeStaff: async (accountId) => {
        await grantRole(db, { accountId, role: 'staff' })
      },
      runJobs: () => runDueJobs(pool, hubTasks(hub)),
      verificationToken: async (email) => {
        await runDueJobs(pool, hubTasks(hub))
        const token = /\/verify-email\/([A-Za-z0-9_-]+)$/m.exec(mailbox.to(email).at(-1)?.text ?? '')?.[1]
        if (token === undefined) throw new Error(`no verification link was mailed to ${email}`)
        return token
      },
    })
    t.match(result, {
      statusWhenSupported: 'ready',
      statusWhenApproved: 'approved',
      communityStatus: 'live',
      approvalWhenJoined: 'pending',
      approvalWhenApproved: 'approved',
    })
    t.ok(result.categories.length > 0, `the new member reads the categories: ${result.categories.join(', ')}`)
  },
)
