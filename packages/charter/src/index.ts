export { currentCharter, publishCharter, distributeCharterTask, type Charter } from './charter.ts'
