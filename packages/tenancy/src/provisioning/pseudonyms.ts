import { randomInt } from 'node:crypto'

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789' // no 0/o, 1/l: read aloud or copied by hand

/**
 * A neutral pseudonym such as `member-7f3k` for a member who has not chosen one: nothing in it comes
 * from the account (never the display name), and it differs from every name in `taken` (lower case).
 *
 * @example neutralPseudonym(new Set(['member-7f3k'])) // 'member-q2zb'
 */
export function neutralPseudonym(taken: ReadonlySet<string>): string {
  for (let length = 4; ; length += 1) {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      let suffix = ''
      for (let index = 0; index < length; index += 1) suffix += alphabet.charAt(randomInt(alphabet.length))
      const candidate = `member-${suffix}`
      if (!taken.has(candidate)) return candidate
    }
  }
}
