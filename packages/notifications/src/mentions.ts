import { normalisePseudonym, pseudonymLength } from '@kindred/membership'

/** The most mentions one post makes: past them, a post naming a crowd tells nobody more. */
export const mentionsPerPost = 20

// What is not the author's own words or not prose: fenced and indented code, inline code, and quoted lines
// (a quote of a post that mentioned someone does not tell them again).
const notProse = /^(?:```|~~~)[^]*?^(?:```|~~~)|`[^`\n]*`|^ {0,3}>.*$|^(?: {4}|\t).*$/gmu

// An `@` that starts a word: not inside an address (`bo@example.org`) or another word.
const mentionStart = /(?<![\p{L}\p{N}._-])@/gu

const pseudonymCharacter = /[\p{L}\p{N} ._-]/u
const wordCharacter = /[\p{L}\p{N}]/u

// The pseudonyms an `@` at `at` may name, longest first: `@[Bone Builder]` names one; a bare `@Bone Builder
// said` may name "Bone Builder said", "Bone Builder" or "Bone" (each ending where a word ends).
function candidatesAt(text: string, at: number): string[] {
  if (text[at + 1] === '[') {
    const end = text.indexOf(']', at + 2)
    return end === -1 || end - at - 2 > pseudonymLength.max ? [] : [text.slice(at + 2, end)]
  }
  const candidates: string[] = []
  for (let end = at + 1; end < text.length && end - at - 1 < pseudonymLength.max && pseudonymCharacter.test(text[end] ?? ''); end += 1) {
    const wordEnds = wordCharacter.test(text[end] ?? '') && !wordCharacter.test(text[end + 1] ?? '')
    if (wordEnds) candidates.unshift(text.slice(at + 1, end + 1))
  }
  return candidates
}

/**
 * The mentions in a post's markdown: for each `@` that starts a word (at most `mentionsPerPost`), the
 * pseudonyms it may name, longest first and normalised as pseudonyms are stored, for the caller to keep the
 * longest one that is a member's. A pseudonym may hold spaces, so `@Bone Builder` names "Bone Builder" when
 * there is such a member and "Bone" otherwise; `@[Bone Builder]` names it exactly. Code and quotes mention
 * nobody.
 *
 * @example mentionCandidates('Thanks @Bone Builder!') // [['Bone Builder', 'Bone']]
 */
export function mentionCandidates(markdown: string): string[][] {
  const prose = markdown.replace(notProse, ' ')
  return [...prose.matchAll(mentionStart)]
    .slice(0, mentionsPerPost)
    .map((match) => [...new Set(candidatesAt(prose, match.index).map(normalisePseudonym))])
    .filter((candidates) => candidates.length > 0)
}

/**
 * Who a post mentions: for each of its mentions, the longest pseudonym it may name that `members` knows
 * (keyed by the lowercase pseudonym).
 *
 * @example mentioned(mentionCandidates(body), new Map([['bone builder', memberId]])) // Set { memberId }
 */
export function mentioned(mentions: readonly (readonly string[])[], members: ReadonlyMap<string, string>): Set<string> {
  const found = new Set<string>()
  for (const candidates of mentions) {
    const memberId = candidates.map((one) => members.get(one.toLowerCase())).find((one) => one !== undefined)
    if (memberId !== undefined) found.add(memberId)
  }
  return found
}
