import { diffLines, diffWordsWithSpace } from 'diff'

/** A stretch of charter text: in both versions, only in the new one, or only in the one in force. */
export interface CharterDiffPart {
  change: 'same' | 'added' | 'removed'
  text: string
}

/** How one version differs from another: the parts in reading order, and how many lines each side changed. */
export interface CharterDiff {
  parts: CharterDiffPart[]
  addedLines: number
  removedLines: number
}

const changeOf = (part: { added: boolean; removed: boolean }): CharterDiffPart['change'] =>
  part.added ? 'added' : part.removed ? 'removed' : 'same'

/**
 * What a new version of the charter changes from the one in force, for staff to review before they
 * publish it: a line diff (jsdiff's `diffLines`), where lines removed and replaced by others are compared
 * word by word, so that a corrected word shows as that word rather than as a whole paragraph twice.
 *
 * @example charterDiff('Be kind.\n', 'Be kind and patient.\n').parts
 * // [{ change: 'same', text: 'Be kind' }, { change: 'added', text: ' and patient' }, { change: 'same', text: '.\n' }]
 */
export function charterDiff(inForce: string, proposed: string): CharterDiff {
  const lines = diffLines(inForce, proposed)
  const parts: CharterDiffPart[] = []
  let addedLines = 0
  let removedLines = 0
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]
    if (line === undefined) continue
    if (line.added) addedLines += line.count
    if (line.removed) removedLines += line.count
    const next = lines[index + 1]
    if (line.removed && next?.added === true) {
      addedLines += next.count
      parts.push(...diffWordsWithSpace(line.value, next.value).map((word) => ({ change: changeOf(word), text: word.value })))
      index += 1
      continue
    }
    parts.push({ change: changeOf(line), text: line.value })
  }
  return { parts: merged(parts), addedLines, removedLines }
}

// Neighbouring parts of the same kind as one, so the page marks each change once.
function merged(parts: readonly CharterDiffPart[]): CharterDiffPart[] {
  const out: CharterDiffPart[] = []
  for (const part of parts) {
    const last = out.at(-1)
    if (last?.change === part.change) last.text += part.text
    else if (part.text.length > 0) out.push({ ...part })
  }
  return out
}
