import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Test } from 'tap'

/**
 * A folder of migration files written for one test (name → SQL text), as the migrator's `loadMigrations` reads one;
 * removed when the test ends.
 *
 * @example const folder = await migrationFolder(t, { '0001_notes.sql': 'create table :SCHEMA.notes (id int)' })
 */
export async function migrationFolder(t: Test, files: Record<string, string>): Promise<URL> {
  const folder = await mkdtemp(path.join(tmpdir(), 'kindred-migrations-'))
  t.teardown(() => rm(folder, { recursive: true, force: true }))
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text)
  return pathToFileURL(`${folder}/`)
}
