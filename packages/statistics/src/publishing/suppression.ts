/**
 * Small-count suppression for public statistics (see docs/decisions.md, "Statistics: publishing safely").
 *
 * Terminology: a *cell* is one community's count of one figure (a metric over a period, e.g. members on
 * the latest day); a *group* is every cell of one figure together with their *total*, which is published
 * too, so anyone can subtract the published cells from it. *Primary* suppression hides the small cells;
 * *complementary* suppression hides further cells (or the total) so that the subtraction reveals nothing.
 */

/** A count as published: its exact value, or only the fact that it was suppressed (never a number). */
export type PublishedCount = { value: number } | { suppressed: true }

/** A group after suppression: its cells in the order given, and their total. */
export interface SuppressedGroup {
  cells: PublishedCount[]
  total: PublishedCount
}

/** Counts from 1 up to this are suppressed unless configured otherwise (`KINDRED_STATS_SUPPRESSION_THRESHOLD`). */
export const defaultSuppressionThreshold = 10

const suppressed: PublishedCount = { suppressed: true }

/**
 * True for a count that must not be published as a number: from 1 up to the threshold. Zero is
 * published: "nobody" describes no one, and hiding it would only make every empty cell look sensitive.
 *
 * @example isSmallCount(3, 10) // true
 * @example isSmallCount(0, 10) // false
 */
export function isSmallCount(value: number, threshold: number): boolean {
  return value >= 1 && value <= threshold
}

/**
 * Whether the suppressed cells of a group with a published total are safe from subtraction. The total
 * less the published cells gives the sum of the suppressed ones; each of those is known to be at least 1
 * (zeros are published), so one of them is pinned between 1 and `sum - (count - 1)`, and with a single
 * suppressed cell it is pinned exactly. Safe means at least two suppressed cells and that upper bound at
 * least the threshold: the subtraction then tells no more than "suppressed" already says.
 */
function safeFromSubtraction(hidden: readonly number[], threshold: number): boolean {
  if (hidden.length === 0) return true
  const sum = hidden.reduce((total, value) => total + value, 0)
  return hidden.length >= 2 && sum - (hidden.length - 1) >= threshold
}

// The smallest published cell above zero (the least information lost), the first of equals: callers
// order cells by something stable (the community's slug), so the same data gives the same answer.
function smallestPublished(values: readonly number[], hidden: ReadonlySet<number>): number | undefined {
  let chosen: number | undefined
  values.forEach((value, index) => {
    if (value === 0 || hidden.has(index)) return
    if (chosen === undefined || value < (values[chosen] ?? 0)) chosen = index
  })
  return chosen
}

/**
 * Suppresses one group: every cell from 1 up to `threshold`, then (primary suppression having left the
 * total published) the smallest published non-zero cell while the suppressed cells are not yet safe from
 * subtraction, and finally the total itself when no cell is left to add (or the total is itself from 1 to
 * `threshold`). Counts must be non-negative integers; the total is their sum.
 *
 * @example suppressGroup([3, 120, 45], 10)
 * // { cells: [{ suppressed: true }, { value: 120 }, { suppressed: true }], total: { value: 168 } }
 * @example suppressGroup([2, 2], 10) // every cell and the total suppressed (the total is 4)
 */
export function suppressGroup(values: readonly number[], threshold: number): SuppressedGroup {
  assertThreshold(threshold)
  for (const value of values) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`a count must be a non-negative integer, not ${value}`)
  }
  const total = values.reduce((sum, value) => sum + value, 0)
  const hidden = new Set<number>()
  values.forEach((value, index) => {
    if (isSmallCount(value, threshold)) hidden.add(index)
  })
  let totalHidden = isSmallCount(total, threshold)
  while (
    !totalHidden &&
    !safeFromSubtraction(
      [...hidden].map((index) => values[index] ?? 0),
      threshold,
    )
  ) {
    const next = smallestPublished(values, hidden)
    if (next === undefined) totalHidden = true
    else hidden.add(next)
  }
  return {
    cells: values.map((value, index) => (hidden.has(index) ? suppressed : { value })),
    total: totalHidden ? suppressed : { value: total },
  }
}

/**
 * The rule as published with the figures, in words, for a given threshold.
 *
 * @example describeSuppressionRule(10) // 'Counts from 1 to 10 are suppressed …'
 */
export function describeSuppressionRule(threshold: number): string {
  assertThreshold(threshold)
  return (
    `Counts from 1 to ${threshold} are suppressed (shown as suppressed, never as a number); 0 and counts above ${threshold} are published. ` +
    'Each network total is the sum of the communities listed for the same figure and period. Where a total is published and ' +
    'cells under it are suppressed, at least two are, and they add up to at least ' +
    `${threshold} plus one less than their number, so that subtracting the published cells from the total never narrows a ` +
    `suppressed count below "between 1 and ${threshold}": otherwise the smallest published non-zero cell is suppressed too ` +
    '(the first by community slug among equals), and if none is left, the total is suppressed.'
  )
}

function assertThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 1)
    throw new RangeError(`the suppression threshold must be a positive integer, not ${threshold}`)
}
