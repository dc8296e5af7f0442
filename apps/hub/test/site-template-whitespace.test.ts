// htm drops whitespace that holds a line break at either end of a text (as JSX does), so a template line
// that ends in words, a link or a value and a next line that goes on with more of them render joined:
// "granted· an operator", "seconds.Reload now". This reads every html`…` template of the site and names
// each place where text, a value or an inline element runs into the next across a line break; write the
// space on one line instead (or compute the pieces first).
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import ts from 'typescript'

const siteFolder = path.resolve(import.meta.dirname, '../src/site')
// Elements that flow inside a line of text; a value (`${…}`) is taken to be one too.
const inlineElements = new Set(['a', 'abbr', 'b', 'code', 'del', 'em', 'i', 'ins', 'kbd', 'mark', 'small', 'strong', 'time'])

type Item = { kind: 'text'; text: string } | { kind: 'open' | 'close'; name: string } | { kind: 'value' }

/**
 * The template's content outside its tags, in order: texts, elements opened and closed, values. A value
 * written as a string (`${' '}`) is text.
 */
function items(parts: readonly string[], strings: ReadonlyArray<string | undefined> = []): Item[] {
  const found: Item[] = []
  let inTag = false
  let tag = ''
  let quote = ''
  parts.forEach((part, index) => {
    const written = strings[index - 1]
    if (index > 0 && !inTag) found.push(written === undefined ? { kind: 'value' } : { kind: 'text', text: written })
    let text = ''
    for (let at = 0; at < part.length; at++) {
      const char = part.charAt(at)
      if (inTag) {
        if (quote !== '') quote = char === quote ? '' : quote
        else if (char === '"' || char === "'") quote = char
        else if (char === '>') {
          inTag = false
          const [, slash = '', name = ''] = /^(\/?)([a-zA-Z][\w-]*)/.exec(tag) ?? []
          if (name !== '' && !tag.endsWith('/')) found.push({ kind: slash === '' ? 'open' : 'close', name: name.toLowerCase() })
        } else tag += char
      } else if (char === '<' && /[a-zA-Z/]/.test(part.charAt(at + 1))) {
        if (text !== '') found.push({ kind: 'text', text })
        text = ''
        inTag = true
        tag = ''
      } else text += char
    }
    if (text !== '') found.push({ kind: 'text', text })
  })
  return found
}

const flowsBefore = (item: Item | undefined): boolean => item?.kind === 'value' || (item?.kind === 'close' && inlineElements.has(item.name))
const flowsAfter = (item: Item | undefined): boolean => item?.kind === 'value' || (item?.kind === 'open' && inlineElements.has(item.name))

/** Texts whose line-break whitespace htm drops between two things a reader sees as one line. */
function joinedAcrossLines(parts: readonly string[], strings: ReadonlyArray<string | undefined> = []): string[] {
  const all = items(parts, strings)
  return all.flatMap((item, index) => {
    if (item.kind !== 'text' || !item.text.includes('\n')) return []
    const before = all[index - 1]
    const after = all[index + 1]
    const visible = item.text.trim() !== ''
    const joinsBefore = /^\s*\n/.test(item.text) && flowsBefore(before) && (visible || (before?.kind === 'close' && flowsAfter(after)))
    const joinsAfter = /\n\s*$/.test(item.text) && flowsAfter(after) && (visible || (before?.kind === 'value' && after?.kind === 'open'))
    return joinsBefore || joinsAfter ? [JSON.stringify(item.text.trim() === '' ? '⏎' : item.text.trim())] : []
  })
}

function templateParts(template: ts.TemplateLiteral): string[] {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [template.rawText ?? '']
  return [template.head.rawText ?? '', ...template.templateSpans.map((span) => span.literal.rawText ?? '')]
}

function writtenStrings(template: ts.TemplateLiteral): Array<string | undefined> {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return []
  return template.templateSpans.map((span) => (ts.isStringLiteral(span.expression) ? span.expression.text : undefined))
}

async function problemsIn(file: string): Promise<string[]> {
  const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const problems: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'html') {
      const line = source.getLineAndCharacterOfPosition(node.template.getStart(source)).line + 1
      for (const text of joinedAcrossLines(templateParts(node.template), writtenStrings(node.template))) {
        problems.push(`${path.relative(siteFolder, file)}:${line} ${text}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return problems
}

t.test('the checker finds words joined across a line break, and only those', async (t) => {
  t.same(joinedAcrossLines(['<li>\n  ', ' ·\n  ', ' · ', '\n</li>']), ['"·"'], 'a separator ending its line')
  t.same(joinedAcrossLines(['<p>', '\n  <a href="/">Reload</a></p>']), ['"⏎"'], 'a value, then a link on the next line')
  t.same(joinedAcrossLines(['<li><a>x</a>\n  ', '</li>']), ['"⏎"'], 'a link, then a value on the next line')
  t.same(joinedAcrossLines(['<li>\n  <a href="/">x</a>:\n  <strong>', '</strong></li>']), ['":"'])
  t.same(joinedAcrossLines(['<ul>\n  <li>', '</li>\n  <li>', '</li>\n</ul>']), [], 'block elements apart')
  t.same(joinedAcrossLines(['<p>\n  ', ' · ', '\n</p>']), [], 'values at a block’s edges')
  t.same(joinedAcrossLines(['<form>\n  ', '\n  ', '\n</form>']), [], 'values on lines of their own')
  t.same(joinedAcrossLines(['<a href=', '\n  class="x">y</a>']), [], 'a line break inside a tag')
  t.same(joinedAcrossLines(['<li><a>x</a>\n  ', '(y)</li>'], [' ']), [], 'a space written as a value')
})

t.test('no template of the site joins words across a line break', async (t) => {
  const files = (await readdir(siteFolder, { recursive: true })).filter((file) => file.endsWith('.ts'))
  const problems = (await Promise.all(files.map((file) => problemsIn(path.join(siteFolder, file))))).flat()
  t.same(problems, [], 'write the space on one line, or build the pieces first')
})
