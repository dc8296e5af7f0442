import enAccount from '../catalogs/en/account.json' with { type: 'json' }
import enCommunity from '../catalogs/en/community.json' with { type: 'json' }
import enEmailAddresses from '../catalogs/en/email-addresses.json' with { type: 'json' }
import enIncubator from '../catalogs/en/incubator.json' with { type: 'json' }
import enMail from '../catalogs/en/mail.json' with { type: 'json' }
import enNotifyMail from '../catalogs/en/notify-mail.json' with { type: 'json' }
import enDigests from '../catalogs/en/digests.json' with { type: 'json' }
import enIncubatorMail from '../catalogs/en/incubator-mail.json' with { type: 'json' }
import enUnsubscribe from '../catalogs/en/unsubscribe.json' with { type: 'json' }
import enMessages from '../catalogs/en/messages.json' with { type: 'json' }
import enModeration from '../catalogs/en/moderation.json' with { type: 'json' }
import enNotifications from '../catalogs/en/notifications.json' with { type: 'json' }
import enPasswordReset from '../catalogs/en/password-reset.json' with { type: 'json' }
import enPeople from '../catalogs/en/people.json' with { type: 'json' }
import enReports from '../catalogs/en/reports.json' with { type: 'json' }
import enSite from '../catalogs/en/site.json' with { type: 'json' }
import enStatistics from '../catalogs/en/statistics.json' with { type: 'json' }
import esAccount from '../catalogs/es/account.json' with { type: 'json' }
import esCommunity from '../catalogs/es/community.json' with { type: 'json' }
import esEmailAddresses from '../catalogs/es/email-addresses.json' with { type: 'json' }
import esIncubator from '../catalogs/es/incubator.json' with { type: 'json' }
import esMail from '../catalogs/es/mail.json' with { type: 'json' }
import esNotifyMail from '../catalogs/es/notify-mail.json' with { type: 'json' }
import esDigests from '../catalogs/es/digests.json' with { type: 'json' }
import esIncubatorMail from '../catalogs/es/incubator-mail.json' with { type: 'json' }
import esUnsubscribe from '../catalogs/es/unsubscribe.json' with { type: 'json' }
import esMessages from '../catalogs/es/messages.json' with { type: 'json' }
import esModeration from '../catalogs/es/moderation.json' with { type: 'json' }
import esNotifications from '../catalogs/es/notifications.json' with { type: 'json' }
import esPasswordReset from '../catalogs/es/password-reset.json' with { type: 'json' }
import esPeople from '../catalogs/es/people.json' with { type: 'json' }
import esReports from '../catalogs/es/reports.json' with { type: 'json' }
import esSite from '../catalogs/es/site.json' with { type: 'json' }
import esStatistics from '../catalogs/es/statistics.json' with { type: 'json' }
import frAccount from '../catalogs/fr/account.json' with { type: 'json' }
import frCommunity from '../catalogs/fr/community.json' with { type: 'json' }
import frEmailAddresses from '../catalogs/fr/email-addresses.json' with { type: 'json' }
import frIncubator from '../catalogs/fr/incubator.json' with { type: 'json' }
import frMail from '../catalogs/fr/mail.json' with { type: 'json' }
import frNotifyMail from '../catalogs/fr/notify-mail.json' with { type: 'json' }
import frDigests from '../catalogs/fr/digests.json' with { type: 'json' }
import frIncubatorMail from '../catalogs/fr/incubator-mail.json' with { type: 'json' }
import frUnsubscribe from '../catalogs/fr/unsubscribe.json' with { type: 'json' }
import frMessages from '../catalogs/fr/messages.json' with { type: 'json' }
import frModeration from '../catalogs/fr/moderation.json' with { type: 'json' }
import frNotifications from '../catalogs/fr/notifications.json' with { type: 'json' }
import frPasswordReset from '../catalogs/fr/password-reset.json' with { type: 'json' }
import frPeople from '../catalogs/fr/people.json' with { type: 'json' }
import frReports from '../catalogs/fr/reports.json' with { type: 'json' }
import frSite from '../catalogs/fr/site.json' with { type: 'json' }
import frStatistics from '../catalogs/fr/statistics.json' with { type: 'json' }
import type { Locale } from './locales.ts'

import enStaff from '../catalogs/en/staff.json' with { type: 'json' }
import enStaffDashboard from '../catalogs/en/staff-dashboard.json' with { type: 'json' }
import enStaffCharts from '../catalogs/en/staff-charts.json' with { type: 'json' }
import enStaffIncubator from '../catalogs/en/staff-incubator.json' with { type: 'json' }
import enStaffCommunities from '../catalogs/en/staff-communities.json' with { type: 'json' }
import frStaff from '../catalogs/fr/staff.json' with { type: 'json' }
import frStaffDashboard from '../catalogs/fr/staff-dashboard.json' with { type: 'json' }
import frStaffCharts from '../catalogs/fr/staff-charts.json' with { type: 'json' }
import frStaffIncubator from '../catalogs/fr/staff-incubator.json' with { type: 'json' }
import frStaffCommunities from '../catalogs/fr/staff-communities.json' with { type: 'json' }
import esStaff from '../catalogs/es/staff.json' with { type: 'json' }
import esStaffDashboard from '../catalogs/es/staff-dashboard.json' with { type: 'json' }
import esStaffCharts from '../catalogs/es/staff-charts.json' with { type: 'json' }
import esStaffIncubator from '../catalogs/es/staff-incubator.json' with { type: 'json' }
import esStaffCommunities from '../catalogs/es/staff-communities.json' with { type: 'json' }
// One file per area of the site and language, so that work on one area touches its own files only.
const english = {
  ...enSite,
  ...enAccount,
  ...enCommunity,
  ...enIncubator,
  ...enMessages,
  ...enReports,
  ...enStatistics,
  ...enModeration,
  ...enPeople,
  ...enMail,
  ...enNotifyMail,
  ...enDigests,
  ...enIncubatorMail,
  ...enUnsubscribe,
  ...enEmailAddresses,
  ...enPasswordReset,
  ...enNotifications,
  ...enStaff,
  ...enStaffDashboard,
  ...enStaffCharts,
  ...enStaffIncubator,
  ...enStaffCommunities,
}

/** The id of an interface string: the English catalogs are the list of them. */
export type MessageId = keyof typeof english

// Typed by the English ids, so a translation missing one fails the typecheck as well as the tests.
export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageId, string>>>> = {
  en: english,
  fr: {
    ...frSite,
    ...frAccount,
    ...frCommunity,
    ...frIncubator,
    ...frMessages,
    ...frReports,
    ...frStatistics,
    ...frModeration,
    ...frPeople,
    ...frMail,
    ...frNotifyMail,
    ...frDigests,
    ...frIncubatorMail,
    ...frUnsubscribe,
    ...frEmailAddresses,
    ...frPasswordReset,
    ...frNotifications,
    ...frStaff,
    ...frStaffDashboard,
    ...frStaffCharts,
    ...frStaffIncubator,
    ...frStaffCommunities,
  },
  es: {
    ...esSite,
    ...esAccount,
    ...esCommunity,
    ...esIncubator,
    ...esMessages,
    ...esReports,
    ...esStatistics,
    ...esModeration,
    ...esPeople,
    ...esMail,
    ...esNotifyMail,
    ...esDigests,
    ...esIncubatorMail,
    ...esUnsubscribe,
    ...esEmailAddresses,
    ...esPasswordReset,
    ...esNotifications,
    ...esStaff,
    ...esStaffDashboard,
    ...esStaffCharts,
    ...esStaffIncubator,
    ...esStaffCommunities,
  },
}

/**
 * The ids among `ids` that the English catalog lacks, each once, in the order first met: other packages'
 * tests give it the ids their templates use.
 *
 * @example missingMessageIds(['home.title', 'home.tilte']) // ['home.tilte']
 */
export function missingMessageIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => !Object.hasOwn(english, id))
}
