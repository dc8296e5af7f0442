import { STATUS_CODES } from 'node:http'
import type { Proposal, ProposalConflictError, ProposalWithHistory, ProposalWithSimilar } from '@kindred/incubator'

/** A proposal as the API shows it: no founder id (nor anything else about any person), dates as ISO strings. */
export function proposalSummaryView(proposal: Proposal) {
  return {
    id: proposal.id,
    diseaseName: proposal.diseaseName,
    orphaCode: proposal.orphaCode,
    prevalenceClass: proposal.prevalenceClass,
    slug: proposal.slug,
    summary: proposal.summary,
    languages: proposal.languages,
    founderStatement: proposal.founderStatement,
    alsoKnownAs: proposal.alsoKnownAs,
    status: proposal.status,
    expiresAt: proposal.expiresAt.toISOString(),
    createdAt: proposal.createdAt.toISOString(),
    updatedAt: proposal.updatedAt.toISOString(),
    progress: proposal.progress,
  }
}

export function proposalView(proposal: ProposalWithHistory) {
  return {
    ...proposalSummaryView(proposal),
    history: proposal.history.map((event) => ({ ...event, at: event.at.toISOString() })),
  }
}

export const withSimilarView = (result: ProposalWithSimilar) => ({ proposal: proposalView(result.proposal), similar: result.similar })

export function conflictView(error: ProposalConflictError) {
  return {
    statusCode: error.statusCode,
    error: STATUS_CODES[error.statusCode] ?? 'Conflict',
    code: error.code,
    message: error.message,
    existing: error.existing,
  }
}
