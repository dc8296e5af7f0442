import t from 'tap'
import { renderMarkdown } from '@kindred/forum'

t.test('raw HTML and scripts in markdown are shown as text, never rendered', async (t) => {
  const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <b>bold</b>')
  t.notMatch(html, /<script|<img|<b>/)
  t.match(html, /&lt;script&gt;/)
})

t.test('links get rel="nofollow ugc noopener noreferrer"; script, data and file URLs are not links', async (t) => {
  t.equal(
    renderMarkdown('See [the trial](https://example.org/trial)'),
    '<p>See <a href="https://example.org/trial" rel="nofollow ugc noopener noreferrer" target="_blank">the trial</a></p>\n',
  )
  t.match(renderMarkdown('https://example.org/bare'), /<a href="https:\/\/example.org\/bare" rel="nofollow ugc noopener noreferrer"/)
  for (const url of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'vbscript:msgbox',
    'data:text/html;base64,PHNjcmlwdD4=',
    'file:///etc/passwd',
  ]) {
    t.notMatch(renderMarkdown(`[click](${url})`), /<a /, url)
  }
})

t.test('images are not rendered, so no remote host learns who reads a post', async (t) => {
  t.notMatch(renderMarkdown('![tracker](https://tracker.example/pixel.png)'), /<img/)
})

t.test('ordinary markdown renders: emphasis, lists, code, quotes', async (t) => {
  const html = renderMarkdown('*tired* and **hopeful**\n\n- one\n- two\n\n> quoted\n\n`code`')
  for (const tag of ['<em>tired</em>', '<strong>hopeful</strong>', '<li>one</li>', '<blockquote>', '<code>code</code>']) t.match(html, tag)
})
