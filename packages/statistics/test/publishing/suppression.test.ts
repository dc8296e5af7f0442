import fc from 'fast-check'
import t from 'tap'
import { describeSuppressionRule, isSmallCount, suppressGroup, type PublishedCount } from '../../src/publishing/suppression.ts'

const hidden: PublishedCount = { suppressed: true }
const shown = (value: number): PublishedCount => ({ value })

t.test('counts from 1 to the threshold are suppressed; 0 and larger counts are published', async (t) => {
  t.equal(isSmallCount(0, 10), false)
  t.equal(isSmallCount(1, 10), true)
  t.equal(isSmallCount(10, 10), true)
  t.equal(isSmallCount(11, 10), false)
  t.same(suppressGroup([0, 11, 250], 10), { cells: [shown(0), shown(11), shown(250)], total: shown(261) })
})

t.test('a community with 3 members is suppressed, and so is the smallest other community, so the total cannot give it away', async (t) => {
  const group = suppressGroup([120, 3, 45, 300], 10)
  t.same(group.cells, [shown(120), hidden, hidden, shown(300)])
  t.same(group.total, shown(468))
})

t.test('a single suppressed cell under a published total always gets a second one, the first of equals by position', async (t) => {
  t.same(suppressGroup([40, 7, 40], 10).cells, [hidden, hidden, shown(40)])
  t.same(suppressGroup([10, 500], 10), { cells: [hidden, hidden], total: shown(510) }, 'the threshold itself is suppressed')
  t.same(suppressGroup([1, 12], 10), { cells: [hidden, hidden], total: shown(13) }, 'even when only two cells exist')
})

t.test('zeros are published and never chosen to protect a suppressed cell', async (t) => {
  t.same(suppressGroup([0, 3, 0, 50], 10), { cells: [shown(0), hidden, shown(0), hidden], total: shown(53) })
  t.same(suppressGroup([0, 0, 0], 10), { cells: [shown(0), shown(0), shown(0)], total: shown(0) })
})

t.test('when no cell is left to suppress, the total is suppressed', async (t) => {
  t.same(suppressGroup([0, 3], 10), { cells: [shown(0), hidden], total: hidden }, 'the total (3) is itself small')
  t.same(
    suppressGroup([4, 8], 10),
    { cells: [hidden, hidden], total: shown(12) },
    'two cells adding up to 12: each could still be anything from 1 to 10',
  )
  t.same(suppressGroup([3, 4], 10), { cells: [hidden, hidden], total: hidden }, 'a total of 7 is small itself')
  const sixTwos = suppressGroup([2, 2, 2, 2, 2, 2], 10)
  t.same(sixTwos, { cells: Array.from({ length: 6 }, () => hidden), total: hidden }, 'a total of 12 over six cells would cap each at 7')
  t.same(
    suppressGroup([3, 4, 5], 10),
    { cells: [hidden, hidden, hidden], total: shown(12) },
    'a total of 12 over three cells caps each at 10: safe',
  )
})

t.test('the sum of the suppressed cells must not be small either: a third cell is suppressed when two add up to too little', async (t) => {
  // 1 + 2 under a published total would show that both communities together have 3.
  t.same(suppressGroup([1, 2, 30, 400], 10), { cells: [hidden, hidden, hidden, shown(400)], total: shown(433) })
})

t.test('an empty group publishes a total of 0', async (t) => {
  t.same(suppressGroup([], 10), { cells: [], total: shown(0) })
})

t.test('the threshold is configurable', async (t) => {
  t.same(suppressGroup([7, 100], 5), { cells: [shown(7), shown(100)], total: shown(107) })
  t.same(suppressGroup([7, 100], 7).cells, [hidden, hidden])
})

t.test('invalid counts and thresholds are refused', async (t) => {
  t.throws(() => suppressGroup([-1], 10), RangeError)
  t.throws(() => suppressGroup([1.5], 10), RangeError)
  t.throws(() => suppressGroup([1], 0), RangeError)
  t.throws(() => describeSuppressionRule(2.5), RangeError)
})

t.test('the rule in words names the threshold and complementary suppression', async (t) => {
  const rule = describeSuppressionRule(10)
  t.match(rule, /Counts from 1 to 10 are suppressed/)
  t.match(rule, /0 and counts above 10 are published/)
  t.match(rule, /smallest published non-zero cell is suppressed too/)
  t.match(rule, /the total is suppressed/)
})

// Every value a suppressed cell could take, given what is published: the attacker's view.
function stillPossible(group: { cells: PublishedCount[]; total: PublishedCount }, index: number, candidate: number): boolean {
  if ('suppressed' in group.total) return true
  const others = group.cells.filter((cell, position) => position !== index && 'suppressed' in cell).length
  const rest =
    group.total.value -
    group.cells.reduce((sum, cell, position) => sum + (position === index || 'suppressed' in cell ? 0 : cell.value), 0) -
    candidate
  // The other suppressed cells are each at least 1 and otherwise unknown; with none left, the rest must be 0.
  return others === 0 ? rest === 0 : rest >= others
}

const groups = fc.tuple(
  fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2000 })), { maxLength: 40 }),
  fc.integer({ min: 1, max: 20 }),
)

// A suppressed small count is protected when, given everything published, it could be any value from 1 up to
// the threshold; a published cell must carry its exact value and never a small one.
function protects(values: readonly number[], threshold: number): boolean {
  const group = suppressGroup(values, threshold)
  const published = [...group.cells, group.total].flatMap((cell) => ('value' in cell ? [cell.value] : []))
  if (published.some((value) => isSmallCount(value, threshold))) return false
  return values.every((value, index) => {
    const cell = group.cells[index] ?? hidden
    if ('value' in cell) return cell.value === value && !isSmallCount(value, threshold)
    return Array.from({ length: threshold }, (_, step) => step + 1).every((candidate) => stillPossible(group, index, candidate))
  })
}

// Beyond the small cells, at most one more: the smallest published cell above the threshold always suffices.
function suppressesOnlyAsNeeded(values: readonly number[], threshold: number): boolean {
  const small = values.filter((value) => isSmallCount(value, threshold)).length
  const suppressedCells = suppressGroup(values, threshold).cells.filter((cell) => 'suppressed' in cell).length
  return suppressedCells === small || suppressedCells === small + 1
}

t.test('for any group: no small count is published, and subtraction never narrows a suppressed small count', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(groups, ([values, threshold]) => protects(values, threshold)),
      { numRuns: 2000 },
    ),
  )
})

t.test('for any group: cells are suppressed only as needed, at most one beyond the small ones', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(groups, ([values, threshold]) => suppressesOnlyAsNeeded(values, threshold)),
      { numRuns: 2000 },
    ),
  )
})
