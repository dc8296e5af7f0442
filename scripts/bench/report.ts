import { readFile, writeFile } from 'node:fs/promises'

const reportFile = new URL('../../docs/benchmarks.md', import.meta.url)

// Used when docs/benchmarks.md does not exist yet; afterwards only the sections are rewritten, so edits
// to the rest of the document survive.
const newReport = `# Benchmarks

Run them with \`npm run bench\` (\`npm run bench -- --duration 3 --rounds 2\` for a quick run).

Each benchmark measures Kindred against a baseline measured in the same run, on the same machine, with
the rounds of both interleaved so that machine noise hits both alike. The figures that matter are the
ratios: absolute figures depend on the machine and are never targets. Each section below is rewritten by
its own benchmark and names the machine, date and Node version it was measured with.
`

/**
 * Replaces the section of docs/benchmarks.md between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->` with `markdown`, appending the section if the document has none yet.
 */
export async function writeReportSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const section = `${start}\n${markdown.trim()}\n${end}`
  const document = await readFile(reportFile, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return newReport
    throw error
  })
  const startAt = document.indexOf(start)
  const endAt = document.indexOf(end, startAt)
  const updated =
    startAt === -1 || endAt === -1
      ? `${document.trimEnd()}\n\n${section}\n`
      : `${document.slice(0, startAt)}${section}${document.slice(endAt + end.length)}`
  await writeFile(reportFile, updated)
}
