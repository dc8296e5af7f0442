import { LRUCache } from 'lru-cache'
import MarkdownIt from 'markdown-it'

// Only the parser is used: an excerpt is the words of a post, never its markup.
const parser = new MarkdownIt('commonmark', { html: false })

/** The longest excerpt, in characters, before it is cut at a word and ends with "…". */
export const excerptLength = 160

/**
 * A post's markdown as one line of plain text, cut at a word to at most `excerptLength` characters with
 * "…" when it was longer: what the thread list shows under a title. Markup (emphasis, links, lists,
 * headings, code fences) is dropped, its words kept.
 *
 * @example plainExcerpt('**Hello** [all](https://example.org)\n\n- one') // 'Hello all one'
 */
export function plainExcerpt(markdown: string, length = excerptLength): string {
  const words: string[] = []
  for (const token of parser.parse(markdown, {})) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') words.push(child.content)
        else if (child.type === 'softbreak' || child.type === 'hardbreak') words.push(' ')
      }
      words.push(' ')
    } else if (token.type === 'fence' || token.type === 'code_block') words.push(token.content, ' ')
  }
  const text = words.join('').replace(/\s+/g, ' ').trim()
  if (text.length <= length) return text
  const cut = text.slice(0, length)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`
}

// Excerpts shown by the thread list, by the opening post's markdown they come from (an edit is new
// markdown): every read of the list showed each opening post's excerpt, and parsing it again each time was
// an eighth of the hub's work on the list (docs/benchmarks.md). At most some megabytes.
const listedExcerpts = new LRUCache<string, string>({
  max: 20_000,
  maxSize: 16_000_000,
  sizeCalculation: (excerpt, markdown) => markdown.length + excerpt.length,
  memoMethod: (markdown) => plainExcerpt(markdown),
})

/**
 * `plainExcerpt` of an opening post, as the thread list shows it, kept in memory once made.
 *
 * @example listedExcerpt('**Hello** all') // 'Hello all'
 */
export function listedExcerpt(markdown: string): string {
  return listedExcerpts.memo(markdown)
}
