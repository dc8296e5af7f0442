export type { PersonalDataDependencies } from './dependencies.ts'
export { exportAccount, type AccountExport } from './export.ts'
export { requestErasure, eraseAccount, eraseAccountTask, removalNotice } from './erasure.ts'
