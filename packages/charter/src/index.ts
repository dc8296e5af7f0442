export { currentCharter, publishCharter, type Charter, type CharterJobs } from './charter.ts'
