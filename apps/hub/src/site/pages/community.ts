import type { CommunityCard } from '@kindred/tenancy'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { languageName } from '../language-names.ts'

/** A community's public page: what it is about, for whom, in which languages. */
export function communityPage(context: PageContext, community: CommunityCard): string {
  const { t } = context
  return layout({
    context,
    title: community.name,
    main: html`
      <h1>${community.name}</h1>
      ${community.status === 'archived' ? html`<p class="notice">${t('community.archived')}</p>` : null}
      <p class="lead">${community.description}</p>
      <h2>${t('community.details')}</h2>
      <dl class="details">
        <dt>${t('community.disease')}</dt>
        <dd>${community.diseaseName}</dd>
        ${
          community.orphaCode === null
            ? null
            : html`<dt>${t('community.orphaCode')}</dt>
                <dd>ORPHA:${community.orphaCode}</dd>`
        }
        <dt>${t('community.languages')}</dt>
        <dd>${community.languages.map((language) => languageName(context, language)).join(', ')}</dd>
      </dl>
    `,
  })
}
