import t from 'tap'
import { proposalFields } from '@kindred/testkit'
import {
  diseaseKey,
  isLanguageCode,
  languageCodes,
  normaliseProposalFields,
  proposalFieldProblems,
  reservedSlugs,
  slugProblem,
} from '@kindred/incubator'

t.test('a disease key ignores accents, case, punctuation and spacing, in any script', async (t) => {
  t.equal(diseaseKey('Sjögren’s  Syndrome'), 'sjogren s syndrome')
  t.equal(diseaseKey('Sjogren s syndrome'), diseaseKey('SJÖGREN’S SYNDROME'))
  t.equal(diseaseKey('  Ehlers–Danlos syndrome (hypermobile) '), 'ehlers danlos syndrome hypermobile')
  t.equal(diseaseKey('Alpha-1 antitrypsin deficiency'), 'alpha 1 antitrypsin deficiency')
  t.equal(diseaseKey('ﬁbrodysplasia'), 'fibrodysplasia', 'compatibility ligatures are decomposed')
  t.equal(diseaseKey('Болезнь Помпе'), 'болезнь помпе', 'letters of other scripts are kept, not dropped')
  t.equal(diseaseKey('--- ()'), '')
})

t.test('the language list is the 184 ISO 639-1 codes in force, and nothing else', async (t) => {
  t.equal(languageCodes.length, 184)
  for (const code of ['en', 'fr', 'de', 'es', 'zh', 'ar', 'yi', 'he', 'id', 'nb', 'nn', 'bh', 'zu']) t.ok(isLanguageCode(code), code)
  // Withdrawn codes (replaced by he, id, yi, jv, ro; sh split up), three-letter codes, regions and other cases.
  for (const code of ['iw', 'in', 'ji', 'jw', 'mo', 'sh', 'eng', 'en-GB', 'EN', 'xx', 'constructor', 'toString', ''])
    t.notOk(isLanguageCode(code), code)
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })
  t.same(
    languageCodes.filter((code) => names.of(code) === undefined),
    [],
    'every code is a language the Unicode CLDR knows',
  )
})

t.test('a slug is 3 to 40 lower-case letters, digits and hyphens, and not a reserved word', async (t) => {
  for (const slug of ['fop', 'pitt-hopkins', 'cln3', '22q11', 'a'.repeat(40)]) t.equal(slugProblem(slug), undefined, slug)
  for (const slug of ['ab', 'a'.repeat(41), 'FOP', '-fop', 'fop-', 'f_o_p', 'fòp', 'fop ']) t.match(slugProblem(slug), /3 to 40/, slug)
  for (const slug of [
    'admin',
    'api',
    'www',
    'app',
    'hub',
    'static',
    'assets',
    'docs',
    'help',
    'status',
    'mail',
    'kindred',
    'support',
    'about',
    'login',
    'signup',
  ]) {
    t.ok(reservedSlugs.has(slug), `${slug} is in the reserved list`)
    t.equal(slugProblem(slug), 'is reserved', slug)
  }
})

t.test('fields are trimmed, defaulted and deduplicated as stored', async (t) => {
  const fields = normaliseProposalFields(
    proposalFields({
      diseaseName: '  Pitt-Hopkins syndrome ',
      orphaCode: undefined,
      prevalenceClass: undefined,
      languages: ['en', 'de', 'en'],
    }),
  )
  t.match(fields, {
    diseaseName: 'Pitt-Hopkins syndrome',
    diseaseKey: 'pitt hopkins syndrome',
    orphaCode: null,
    prevalenceClass: 'unknown',
  })
  t.same(fields.languages, ['en', 'de'])
})

t.test('each invalid field is refused with a 400 naming it', async (t) => {
  const cases: Array<[Parameters<typeof proposalFields>[0], RegExp]> = [
    [{ diseaseName: ' x ' }, /^diseaseName must be 2 to 200/],
    [{ diseaseName: '-- --' }, /^diseaseName must contain letters or digits/],
    [{ orphaCode: 'ORPHA:' }, /^orphaCode must be ORPHA:/],
    [{ orphaCode: 'orpha:337' }, /^orphaCode/],
    [{ orphaCode: 'ORPHA:12345678' }, /^orphaCode/],
    [{ slug: 'admin' }, /^slug is reserved/],
    [{ slug: 'Fop' }, /^slug must be/],
    [{ summary: '   ' }, /^summary must be 1 to 2000/],
    [{ founderStatement: 'x'.repeat(5001) }, /^founderStatement must be 1 to 5000/],
    [{ languages: [] }, /^languages must name 1 to 10/],
    [{ languages: ['en', 'xx'] }, /^languages holds "xx", which is not an ISO 639-1 language code/],
    [{ prevalenceClass: 'common' as 'unknown' }, /^prevalenceClass must be one of/],
  ]
  for (const [overrides, message] of cases) {
    t.throws(
      () => normaliseProposalFields(proposalFields(overrides)),
      { code: 'KINDRED_VALIDATION_FAILED', statusCode: 400, message },
      message.source,
    )
  }
})

t.test('proposalFieldProblems lists every problem at once, for a form; none for valid fields', async (t) => {
  t.strictSame(proposalFieldProblems(proposalFields()), [])
  t.strictSame(
    proposalFieldProblems(
      proposalFields({
        diseaseName: '-- --',
        orphaCode: '337',
        prevalenceClass: 'common' as 'unknown',
        slug: 'admin',
        summary: ' ',
        languages: ['en', 'xx'],
        founderStatement: 'x'.repeat(5001),
      }),
    ),
    [
      { field: 'diseaseName', problem: 'noLettersOrDigits' },
      { field: 'orphaCode', problem: 'format' },
      { field: 'prevalenceClass', problem: 'unknown' },
      { field: 'slug', problem: 'reserved' },
      { field: 'summary', problem: 'length' },
      { field: 'languages', problem: 'unknown', code: 'xx' },
      { field: 'founderStatement', problem: 'length' },
    ],
  )
  t.strictSame(proposalFieldProblems(proposalFields({ diseaseName: 'x', slug: 'Fop', languages: [] })), [
    { field: 'diseaseName', problem: 'length' },
    { field: 'slug', problem: 'format' },
    { field: 'languages', problem: 'count' },
  ])
})

t.test('other names are stored trimmed, each once by disease key, never the disease name itself, at most ten', async (t) => {
  const names = [
    '  Stone man syndrome ',
    'stone-man  SYNDROME',
    'Münchmeyer disease',
    'Munchmeyer disease',
    'Fibrodysplasia Ossificans Progressiva',
  ]
  t.strictSame(normaliseProposalFields(proposalFields({ alsoKnownAs: names })).alsoKnownAs, ['Stone man syndrome', 'Münchmeyer disease'])
  t.strictSame(normaliseProposalFields(proposalFields()).alsoKnownAs, [], 'none when absent')

  const eleven = Array.from({ length: 11 }, (_, index) => `Other name ${index}`)
  t.strictSame(proposalFieldProblems(proposalFields({ alsoKnownAs: eleven })), [{ field: 'alsoKnownAs', problem: 'count' }])
  t.strictSame(
    proposalFieldProblems(proposalFields({ alsoKnownAs: [...eleven.slice(0, 10), 'OTHER NAME 0'] })),
    [],
    'a repeat does not count',
  )
  t.strictSame(proposalFieldProblems(proposalFields({ alsoKnownAs: ['Stone man syndrome', ' x '] })), [
    { field: 'alsoKnownAs', problem: 'length', index: 1 },
  ])
  t.strictSame(proposalFieldProblems(proposalFields({ alsoKnownAs: ['x'.repeat(201)] })), [
    { field: 'alsoKnownAs', problem: 'length', index: 0 },
  ])
  t.strictSame(proposalFieldProblems(proposalFields({ alsoKnownAs: ['-- --'] })), [
    { field: 'alsoKnownAs', problem: 'noLettersOrDigits', index: 0 },
  ])

  const refused = [
    [eleven, 'alsoKnownAs must name at most 10 other names'],
    [['Stone man syndrome', ' '], 'alsoKnownAs[1] must be 2 to 200 characters, not only spaces'],
    [['()'], 'alsoKnownAs[0] must contain letters or digits'],
  ] as const
  for (const [alsoKnownAs, message] of refused) {
    t.throws(() => normaliseProposalFields(proposalFields({ alsoKnownAs })), {
      code: 'KINDRED_VALIDATION_FAILED',
      statusCode: 400,
      message,
    })
  }
})
