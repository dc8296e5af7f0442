import { parseArgs } from 'node:util'

/**
 * A command's `--name value` (or `--name=value`) options, each at most once and matching its pattern.
 * Undefined when anything else is given: an unknown or repeated option, a stray word, a value of the wrong
 * shape; the command then prints its usage.
 *
 * @example parseOptions(['--concurrency=8'], { concurrency: /^[1-9][0-9]?$/ }) // { concurrency: '8' }
 */
export function parseOptions<Name extends string>(
  args: string[],
  patterns: Record<Name, RegExp>,
): Partial<Record<Name, string>> | undefined {
  const names = Object.keys(patterns) as Name[]
  let parsed
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      tokens: true,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    })
  } catch {
    return undefined
  }
  const given = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []))
  if (new Set(given).size !== given.length) return undefined
  const values = parsed.values as Partial<Record<Name, string>>
  return names.every((name) => values[name] === undefined || patterns[name].test(values[name])) ? values : undefined
}
