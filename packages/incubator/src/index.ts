export { createProposal, type ProposalWithSimilar } from './create-proposal.ts'
export { editProposal } from './edit-proposal.ts'
export { withdrawProposal, reopenProposal } from './founder-moves.ts'
export { supportProposal, withdrawSupport, supportOf, type SupportChange } from './support.ts'
export { listProposalSupporters, type ProposalSupporter } from './supporters.ts'
export { decideOnProposal, reviewDecisions, type ReviewDecision, type ReviewJobs } from './review.ts'
export { expireOverdueProposals } from './expiry.ts'
export { proposalsExpireJob } from './jobs/proposals-expire.ts'
export { remindExpiringProposals, expiryReminderDays } from './expiry-reminders.ts'
export { expiringProposals, type ExpiringProposal } from './expiring.ts'
export { proposalFounderMailJob, founderNews, type FounderNews } from './jobs/proposal-founder-mail.ts'
export { proposalLiveMailJob, liveMailBatchSize } from './jobs/proposal-live-mail.ts'
export type { IncubatorMailDependencies } from './mail/recipients.ts'
export {
  listProposalNews,
  unreadProposalNewsCount,
  proposalNewsCounts,
  markProposalNewsRead,
  proposalNewsKinds,
  proposalNewsLength,
  type ProposalNewsView,
} from './news.ts'
export {
  incubatorMailToken,
  readIncubatorMailToken,
  stopIncubatorMail,
  incubatorMailChoice,
  setIncubatorMailChoice,
} from './mail/mail-choice.ts'
export { listProposals, defaultQueueStatuses, type QueueQuery, type QueuePage, type QueueSort } from './queue.ts'
export { getProposal, type Proposal, type ProposalWithHistory, type ProposalEvent, type SupportProgress } from './proposal.ts'
export { meetsThreshold } from './readiness.ts'
export {
  proposalTransitions,
  pendingStatuses,
  transitionActor,
  assertTransition,
  recordProposalTransition,
  type ProposalActor,
  type ProposalTransition,
} from './transitions.ts'
export { ProposalConflictError, similarDiseases, similarityThreshold, type ExistingEntry, type SimilarEntry } from './duplicates.ts'
export {
  normaliseProposalFields,
  proposalFieldProblems,
  prevalenceClasses,
  orphaCodePattern,
  proposalLimits,
  type ProposalFields,
  type ProposalFieldProblem,
} from './proposal-fields.ts'
export { diseaseKey } from './disease-key.ts'
export { slugPattern, reservedSlugs, slugProblem } from './slugs.ts'
export { languages, languageCodes, isLanguageCode } from './languages.ts'
export type { IncubatorSettings } from './settings.ts'
