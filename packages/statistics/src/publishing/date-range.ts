import { KindredError } from '@kindred/errors'
import { addDays, isDay, utcDay, type Day } from '../days.ts'

/** A range of UTC days, both ends included. */
export interface DayRange {
  from: Day
  to: Day
}

/** Days a staff series covers when `from` is not given. */
export const defaultRangeDays = 90

/** The longest series one request may ask for: three years (a leap day included). */
export const maxRangeDays = 3 * 365 + 1

/** Days from `from` to `to`, both included. */
export function daysIn(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1
}

/**
 * The days a staff series covers: `to` defaults to today (UTC) and `from` to the 90 days ending with `to`.
 * `KINDRED_VALIDATION_FAILED` (400) when a day is not a real calendar day, `to` is before `from`, or the
 * range is longer than three years.
 *
 * @example resolveDayRange({}, new Date('2025-03-31T12:00:00Z')) // { from: '2025-01-01', to: '2025-03-31' }
 * @example resolveDayRange({ from: '2025-01-01', to: '2025-01-31' }, now) // as given
 */
export function resolveDayRange(query: { from?: string | undefined; to?: string | undefined }, now: Date): DayRange {
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== undefined && !isDay(value))
      throw new KindredError('KINDRED_VALIDATION_FAILED', `${name} must be a calendar day written YYYY-MM-DD`)
  }
  const to = query.to ?? utcDay(now)
  const from = query.from ?? addDays(to, 1 - defaultRangeDays)
  if (to < from) throw new KindredError('KINDRED_VALIDATION_FAILED', 'to must not be before from')
  if (daysIn({ from, to }) > maxRangeDays) {
    throw new KindredError('KINDRED_VALIDATION_FAILED', `A series covers at most ${maxRangeDays} days; ask for a shorter range`)
  }
  return { from, to }
}
