/** A PostgreSQL cluster that holds tenant schemas, as named in `KINDRED_PLACEMENTS`. */
export interface PlacementEntry {
  name: string
  url: string
}

/** The placement every installation has: the hub's own database. */
export const defaultPlacement = 'default'

const namePattern = '[a-z][a-z0-9-]{0,31}'
const urlPattern = 'postgres(ql)?://[^\\s,]+'

/** `KINDRED_PLACEMENTS`: `name=postgres://…` entries separated by commas or white space. */
export const placementsPattern = `^${namePattern}=${urlPattern}([\\s,]+${namePattern}=${urlPattern})*$`

/**
 * Splits a `KINDRED_PLACEMENTS` value (already matched against `placementsPattern`) into its entries;
 * undefined when a name is used twice or is `default`, which always means the hub's own database.
 *
 * @example parsePlacements('eu-2=postgres://kindred:secret@db2/kindred') // [{ name: 'eu-2', url: 'postgres://…' }]
 */
export function parsePlacements(value: string | undefined): PlacementEntry[] | undefined {
  if (value === undefined) return []
  const entries = value
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const separator = entry.indexOf('=')
      return { name: entry.slice(0, separator), url: entry.slice(separator + 1) }
    })
  const names = new Set([defaultPlacement, ...entries.map((entry) => entry.name)])
  return names.size === entries.length + 1 ? entries : undefined
}
