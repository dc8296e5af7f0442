/**
 * The kinds of problem a member can report, the same for every community so moderators and members share
 * one vocabulary (and a page can offer them as a choice, in the reader's language). A report's reason is
 * stored as text: the kind first, then what the member added (`harmful_advice: says to stop …`), so a
 * reason written freely through the API stays valid and reads as it was written.
 */
export const reportReasons = ['harmful_advice', 'harassment', 'advertising', 'private_information', 'other'] as const
export type ReportReason = (typeof reportReasons)[number]

/** The most a member may add to the kind of problem (the stored reason stays under the API's 2000). */
export const reportDetailsMax = 1000

export type ReportReasonProblem = 'reasonMissing' | 'detailsMissing' | 'detailsTooLong'

const isReportReason = (value: string): value is ReportReason => (reportReasons as readonly string[]).includes(value)

/**
 * What is wrong with a report as a member filled it in: no kind chosen, "other" without saying what, or
 * details too long. Empty when it can be filed.
 *
 * @example reportReasonProblems('other', '  ') // ['detailsMissing']
 */
export function reportReasonProblems(kind: string | undefined, details: string): ReportReasonProblem[] {
  const problems: ReportReasonProblem[] = []
  if (kind === undefined || !isReportReason(kind)) problems.push('reasonMissing')
  else if (kind === 'other' && details.trim() === '') problems.push('detailsMissing')
  if (details.trim().length > reportDetailsMax) problems.push('detailsTooLong')
  return problems
}

/**
 * The reason as it is stored and shown to moderators: the kind, then the details when there are any.
 *
 * @example reportReasonText('advertising', 'Sells a cure') // 'advertising: Sells a cure'
 */
export function reportReasonText(kind: ReportReason, details: string): string {
  const added = details.trim()
  return added === '' ? kind : `${kind}: ${added}`
}

/**
 * A stored reason read back: its kind when it starts with one (null for a reason written freely through
 * the API), and the rest.
 *
 * @example parseReportReason('harassment: calls me names') // { kind: 'harassment', details: 'calls me names' }
 */
export function parseReportReason(reason: string): { kind: ReportReason | null; details: string } {
  const match = /^([a-z_]+)(?::\s*([\s\S]*))?$/.exec(reason)
  const kind = match?.[1]
  if (match === null || kind === undefined || !isReportReason(kind)) return { kind: null, details: reason }
  return { kind, details: match[2] ?? '' }
}
