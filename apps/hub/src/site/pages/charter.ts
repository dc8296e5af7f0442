import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'

export interface CharterView {
  slug: string
  communityName: string
  charterHtml: string
  version: number
  /** Whether the member has accepted this very version already. */
  accepted: boolean
}

/** The charter in force in a community, and accepting a new version of it. */
export function charterPage(context: PageContext, view: CharterView): string {
  const { t } = context
  return layout({
    context,
    title: `${t('charter.title')} – ${view.communityName}`,
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('thread.back', { community: view.communityName })}</a></p>
      <h1>${t('charter.title')}</h1>
      <div class="charter-text" dangerouslySetInnerHTML=${{ __html: view.charterHtml }}></div>
      ${
        view.accepted
          ? html`<p class="notice">${t('charter.accepted', { version: view.version })}</p>`
          : html`<form method="post" action=${`/c/${view.slug}/charter`}>
              ${csrfField(context)}
              <input type="hidden" name="version" value=${String(view.version)} />
              <p>${t('charter.newVersion', { version: view.version })}</p>
              <button type="submit">${t('charter.accept')}</button>
            </form>`
      }
    `,
  })
}
