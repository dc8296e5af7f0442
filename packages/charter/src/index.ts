export { currentCharter, publishCharter, type Charter, type CharterJobs } from './charter.ts'
export { charterDiff, type CharterDiff, type CharterDiffPart } from './diff.ts'
