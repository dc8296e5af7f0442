import type { Author } from '@kindred/community'
import type { SearchHit } from '@kindred/forum'
import type { AuthorMarks } from '@kindred/membership'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { errorSummary, searchForm, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { authorLine, when } from './post-parts.ts'

export type MarkedHit = Omit<SearchHit, 'author'> & { author: Author & AuthorMarks }

export interface SearchView {
  slug: string
  communityName: string
  form: FormState<'q'>
  /** The results of the words searched, or null before a search (or when the words could not be searched). */
  results: { q: string; items: readonly MarkedHit[]; next: string | null } | null
}

// The snippet is HTML the forum package built: the post's text escaped, only <mark> around the words found.
function hit(context: PageContext, slug: string, found: MarkedHit): Markup {
  return html`<li class="result">
    <h3><a href=${`/c/${slug}/p/${found.postId}`}>${found.threadTitle}</a></h3>
    <p class="snippet" dangerouslySetInnerHTML=${{ __html: found.snippet }}></p>
    <p class="meta">${authorLine(context, found.author)} · ${when(context, found.createdAt)}</p>
  </li>`
}

function results(context: PageContext, view: SearchView): Markup | null {
  const { t } = context
  if (view.results === null) return null
  const { q, items, next } = view.results
  return html`<section aria-labelledby="results-title">
    <h2 id="results-title">${t('search.results.title', { q })}</h2>
    ${
      items.length === 0
        ? html`<p>${t('search.results.none', { q })}</p>`
        : html`<ol class="results">
            ${items.map((found) => hit(context, view.slug, found))}
          </ol>`
    }
    ${
      next === null
        ? null
        : html`<p>
            <a href=${`/c/${view.slug}/search?${new URLSearchParams({ q, cursor: next }).toString()}`} rel="next"
              >${t('search.nextPage')}</a
            >
          </p>`
    }
  </section>`
}

/** Searching a community's posts: the form, then the posts found, best first, with the words found marked. */
export function searchPage(context: PageContext, view: SearchView): string {
  const { t } = context
  return layout({
    context,
    title: t('search.title', { community: view.communityName }),
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('thread.back', { community: view.communityName })}</a></p>
      <h1>${t('search.title', { community: view.communityName })}</h1>
      ${errorSummary(context, view.form)}
      ${searchForm({ action: `/c/${view.slug}/search`, form: view.form, label: t('search.label'), hint: t('search.hint'), button: t('search.button') })}
      ${results(context, view)}
    `,
  })
}
