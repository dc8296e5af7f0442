import MarkdownIt from 'markdown-it'

// Raw HTML is escaped (html: false), so no tag or script a member writes reaches a page; markdown-it's own
// link check already refuses javascript:, vbscript:, file: and data: URLs. Images are off: a remote image
// in a post would tell its host the address of every member who reads it.
const renderer = new MarkdownIt('commonmark', { html: false, linkify: true, typographer: false })
  .enable(['linkify', 'strikethrough', 'table'])
  .disable(['image'])

// Links in members' posts are user content: search engines should not credit them (nofollow ugc), and
// the page that opens one must not be reachable from it (noopener noreferrer).
renderer.renderer.rules.link_open = (tokens, index, options, _env, self) => {
  const token = tokens[index]
  if (token !== undefined) {
    token.attrSet('rel', 'nofollow ugc noopener noreferrer')
    token.attrSet('target', '_blank')
  }
  return self.renderToken(tokens, index, options)
}

/**
 * Renders a member's markdown to HTML that is safe to show as is: no raw HTML, no images, no script
 * URLs, every link `rel="nofollow ugc noopener noreferrer"`. Rendered once, when the post is written.
 *
 * @example renderMarkdown('See [the trial](https://example.org)') // '<p>See <a href="https://example.org" rel="nofollow ugc noopener noreferrer" target="_blank">the trial</a></p>\n'
 */
export function renderMarkdown(markdown: string): string {
  return renderer.render(markdown)
}
