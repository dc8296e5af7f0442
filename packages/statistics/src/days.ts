/** A UTC calendar day as `YYYY-MM-DD`: the unit of every roll-up. */
export type Day = string

const dayPattern = /^\d{4}-\d{2}-\d{2}$/

/** The UTC day an instant falls on. */
export function utcDay(instant: Date): Day {
  return instant.toISOString().slice(0, 10)
}

/** `day` moved by a number of days (negative: earlier). */
export function addDays(day: Day, days: number): Day {
  const moved = new Date(`${day}T00:00:00Z`)
  moved.setUTCDate(moved.getUTCDate() + days)
  return utcDay(moved)
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (not 2025-02-30). */
export function isDay(value: unknown): value is Day {
  return (
    typeof value === 'string' && dayPattern.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value
  )
}

/**
 * The last day whose figures can no longer change at `now`: it has ended, and so has the 24 hours in which
 * a thread opened in its last minute could get its first reply. That is the day before yesterday.
 */
export function lastCompleteDay(now: Date): Day {
  return addDays(utcDay(now), -2)
}
