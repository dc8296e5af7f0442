/** Orphanet's point-prevalence classes, rarest first (the same names as the hub's `prevalence_class`). */
export const prevalenceClassNames = ['lt_1_per_1m', '1_9_per_1m', '1_9_per_100k', '1_5_per_10k', 'unknown'] as const

export type PrevalenceClassName = (typeof prevalenceClassNames)[number]

/** How much support a proposal needs before staff review it. Moderators count as supporters too. */
export interface SupportThreshold {
  supporters: number
  moderators: number
}

export type ProposalThresholds = Record<PrevalenceClassName, SupportThreshold>

/**
 * The thresholds when `PROPOSAL_THRESHOLDS` does not override them: the rarer the disease, the fewer
 * people there are to gather, so the fewer supporters a community needs to start.
 */
export const defaultProposalThresholds: ProposalThresholds = {
  lt_1_per_1m: { supporters: 3, moderators: 1 },
  '1_9_per_1m': { supporters: 5, moderators: 1 },
  '1_9_per_100k': { supporters: 10, moderators: 2 },
  '1_5_per_10k': { supporters: 15, moderators: 2 },
  unknown: { supporters: 10, moderators: 2 },
}

const entry = `(${prevalenceClassNames.join('|')})=[0-9]{1,4}/[0-9]{1,4}`

/** The syntax of `PROPOSAL_THRESHOLDS`, checked by the environment schema before it is parsed. */
export const proposalThresholdsPattern = `^${entry}(,${entry})*$`

/**
 * Parses `class=supporters/moderators,…` (syntax already checked) over the defaults. Returns undefined
 * when the values make no sense: a class given twice, no supporter at all, or more moderators than
 * supporters (moderators are supporters, so that threshold could never be met as written).
 */
export function parseProposalThresholds(value: string | undefined): ProposalThresholds | undefined {
  const thresholds = { ...defaultProposalThresholds }
  if (value === undefined) return thresholds
  const seen = new Set<string>()
  for (const item of value.split(',')) {
    const [name = '', counts = ''] = item.split('=')
    const [supporters, moderators] = counts.split('/').map(Number)
    if (seen.has(name) || supporters === undefined || moderators === undefined) return undefined
    if (supporters < 1 || moderators > supporters) return undefined
    seen.add(name)
    thresholds[name as PrevalenceClassName] = { supporters, moderators }
  }
  return thresholds
}
