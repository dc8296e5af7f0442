import type { DirectoryEntry } from '@kindred/tenancy'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { languageName } from '../language-names.ts'
import { layout } from '../layout.ts'

export interface HomeView {
  query: string
  communities: readonly DirectoryEntry[]
}

function card(context: PageContext, community: DirectoryEntry): Markup {
  return html`<li class="card">
    <h3><a href=${`/c/${community.slug}`}>${community.name}</a></h3>
    <p>${community.diseaseName}${community.orphaCode === null ? null : html` · ${community.orphaCode}`}</p>
    ${
      community.alsoKnownAs.length === 0
        ? null
        : html`<p>${context.t('home.community.alsoKnownAs', { names: community.alsoKnownAs.join(', ') })}</p>`
    }
    <p>${community.description}</p>
    <p class="hint">${community.languages.map((language) => languageName(context, language)).join(', ')}</p>
  </li>`
}

/** The front page: what the network is, and finding a community. */
export function homePage(context: PageContext, view: HomeView): string {
  const { t } = context
  const found = view.communities.length
  return layout({
    context,
    title: t('home.title'),
    main: html`
      <h1>${t('home.title')}</h1>
      <p class="lead">${t('home.intro')}</p>
      <form method="get" action="/" role="search" class="search">
        <div class="field">
          <label for="q">${t('home.search.label')}</label>
          <span class="hint" id="q-hint">${t('home.search.hint')}</span>
          <input id="q" name="q" type="search" value=${view.query} aria-describedby="q-hint" />
        </div>
        <div class="field"><button type="submit">${t('home.search.button')}</button></div>
      </form>
      <h2 aria-live="polite">${t('home.search.results', { count: found })}</h2>
      ${
        found === 0
          ? null
          : html`<ul class="cards">
              ${view.communities.map((community) => card(context, community))}
            </ul>`
      }
    `,
  })
}
