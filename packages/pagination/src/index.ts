export { keyset, type Keyset, type KeyValues, type KeyColumns } from './keyset.ts'
export { micros, type KeyKind } from './key-kinds.ts'
export { toPage, type Page, type PageQuery } from './page.ts'
