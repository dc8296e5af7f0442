export { currentCharter, publishCharter, type Charter } from './charter.ts'
