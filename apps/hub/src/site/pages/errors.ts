import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'

/** The pages of what went wrong that the site shows: in the visitor's language, with a way on. */
export type ErrorPageKind = 'notFound' | 'forbidden' | 'tooMany' | 'serverError'

export function errorPage(context: PageContext, kind: ErrorPageKind): string {
  const { t } = context
  const title = t(`error.${kind}.title`)
  return layout({
    context,
    title,
    main: html`
      <h1>${title}</h1>
      <p>${t(`error.${kind}.body`)}</p>
      <p><a href="/">${t('error.homeLink')}</a></p>
    `,
  })
}
