// A header is read as far as this many languages: browsers send a handful, and anything longer is not a
// reader's preference worth the work.
const maxLanguages = 32

const quality = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i

interface Preference {
  tag: string
  q: number
}

function preference(part: string): Preference | undefined {
  const [tag = '', ...parameters] = part.split(';').map((piece) => piece.trim())
  const q = parameters.length === 0 ? '1' : quality.exec(parameters[0] ?? '')?.[1]
  if (q === undefined || parameters.length > 1 || Number(q) === 0) return undefined
  try {
    return { tag: Intl.getCanonicalLocales(tag)[0] ?? '', q: Number(q) }
  } catch {
    return undefined
  }
}

/** The languages of an Accept-Language header, most wanted first, without `*`, q=0 or malformed entries. */
export function acceptedLanguages(header: string): string[] {
  return header
    .split(',', maxLanguages)
    .flatMap((part) => preference(part) ?? [])
    .filter(({ tag }) => tag !== '')
    .toSorted((a, b) => b.q - a.q)
    .map(({ tag }) => tag)
}
