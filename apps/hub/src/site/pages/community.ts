import type { CommunityCard } from '@kindred/tenancy'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { languageName } from '../language-names.ts'
import { signInPath } from '../sign-in-first.ts'

/** What the page offers the visitor, from where they stand in the community. */
export type CommunityOffer = 'signIn' | 'join' | 'completeJoining' | 'pending' | 'banned'

function offer(context: PageContext, community: CommunityCard, kind: CommunityOffer): Markup | null {
  const { t } = context
  const join = `/c/${community.slug}/join`
  if (community.status === 'archived') return null
  switch (kind) {
    case 'signIn':
      return html`<p class="actions">
        <a class="button" href=${signInPath(join)}>${t('community.offer.signIn')}</a> <a href="/sign-up">${t('community.offer.signUp')}</a>
      </p>`
    case 'join':
      return html`<p><a class="button" href=${join}>${t('community.offer.join')}</a></p>`
    case 'completeJoining':
      return html`<p class="notice">${t('community.offer.founding')}</p>
        <p><a class="button" href=${join}>${t('community.offer.completeJoining')}</a></p>`
    case 'pending':
      return html`<p class="notice" role="status">${t('community.offer.pending')}</p>`
    case 'banned':
      return html`<p class="notice">${t('community.offer.banned')}</p>`
  }
}

/** A community's public page: what it is about, for whom, in which languages, and how to join it. */
export function communityPage(context: PageContext, community: CommunityCard, kind: CommunityOffer): string {
  const { t } = context
  return layout({
    context,
    title: community.name,
    main: html`
      <h1>${community.name}</h1>
      ${community.status === 'archived' ? html`<p class="notice">${t('community.archived')}</p>` : null}
      <p class="lead">${community.description}</p>
      ${offer(context, community, kind)}
      <h2>${t('community.details')}</h2>
      <dl class="details">
        <dt>${t('community.disease')}</dt>
        <dd>${community.diseaseName}</dd>
        ${
          community.orphaCode === null
            ? null
            : html`<dt>${t('community.orphaCode')}</dt>
                <dd>${community.orphaCode}</dd>`
        }
        ${
          community.alsoKnownAs.length === 0
            ? null
            : html`<dt>${t('community.alsoKnownAs')}</dt>
                <dd>${community.alsoKnownAs.join(', ')}</dd>`
        }
        <dt>${t('community.languages')}</dt>
        <dd>${community.languages.map((language) => languageName(context, language)).join(', ')}</dd>
      </dl>
    `,
  })
}
