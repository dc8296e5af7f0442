import type { PageContext } from './context.ts'

/**
 * A language named in the reader's own (Intl's CLDR names): "fr" read in English is "French".
 *
 * @example languageName(context, 'fr') // 'French', or 'français' on a French page
 */
export const languageName = (context: PageContext, code: string): string =>
  new Intl.DisplayNames([context.i18n.locale], { type: 'language' }).of(code) ?? code
