export { locales, defaultLocale, supportedLocale, type Locale } from './locales.ts'
export { missingMessageIds, type MessageId } from './catalogs.ts'
export { negotiateLocale, type LocalePreferences } from './negotiate.ts'
export { translator, type DayStyle, type Translator, type MessageValues } from './translator.ts'
