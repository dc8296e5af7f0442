import { diseaseKey } from '@kindred/incubator'
import diseases from '../data/diseases.json' with { type: 'json' }

/** A rare disease from data/diseases.json: its Orphanet preferred name, ORPHA code, a short slug and, for some, other names. */
export interface Disease {
  name: string
  orphaCode: string
  slug: string
  alsoKnownAs?: string[]
}

/** What a seeded community (or proposal) is about, before it exists. */
export interface CommunityPlan {
  slug: string
  diseaseName: string
  diseaseKey: string
  /** Null for a language chapter: an Orphanet code belongs to one community only. */
  orphaCode: string | null
  languages: string[]
  alsoKnownAs: string[]
}

/** The shipped list: real rare diseases with their Orphanet codes (see the package README). */
export const seedDiseases: readonly Disease[] = diseases

// Language chapters of the same diseases, once every disease has its English-speaking community.
const chapterLanguages = [
  ['fr', 'French'],
  ['de', 'German'],
  ['es', 'Spanish'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
  ['pt', 'Portuguese'],
  ['pl', 'Polish'],
  ['sv', 'Swedish'],
] as const

/** How many distinct communities the list allows: each disease in English, then in each chapter language. */
export const maxPlannedCommunities = seedDiseases.length * (1 + chapterLanguages.length)

function englishPlan(disease: Disease, index: number): CommunityPlan {
  // Some communities also write in a second language, as real ones near a border do.
  const languages = index % 5 === 4 ? ['en', 'fr'] : ['en']
  return {
    slug: disease.slug,
    diseaseName: disease.name,
    diseaseKey: diseaseKey(disease.name),
    orphaCode: disease.orphaCode,
    languages,
    alsoKnownAs: disease.alsoKnownAs ?? [],
  }
}

function chapterPlan(disease: Disease, [code, language]: (typeof chapterLanguages)[number]): CommunityPlan {
  const diseaseName = `${disease.name} (${language}-speaking)`
  return {
    slug: `${disease.slug}-${code}`,
    diseaseName,
    diseaseKey: diseaseKey(diseaseName),
    orphaCode: null,
    languages: [code],
    alsoKnownAs: disease.alsoKnownAs ?? [],
  }
}

/**
 * Every plan in the order seeding uses them: each disease in English first, then the chapters language by
 * language. Chapter slugs are the disease's slug with the language code appended.
 *
 * @example allCommunityPlans()[0] // { slug: 'fop', diseaseName: 'Fibrodysplasia ossificans progressiva', orphaCode: 'ORPHA:337', … }
 */
export function allCommunityPlans(): CommunityPlan[] {
  return [
    ...seedDiseases.map(englishPlan),
    ...chapterLanguages.flatMap((language) => seedDiseases.map((disease) => chapterPlan(disease, language))),
  ]
}

/**
 * The first `count` plans whose slug, disease and Orphanet code are all still free, so that seeding again
 * adds communities next to those already there. Throws when the list cannot supply that many.
 *
 * @example freeCommunityPlans(3, { slugs: new Set(['fop']), diseaseKeys: new Set(), orphaCodes: new Set() })
 */
export function freeCommunityPlans(
  count: number,
  taken: { slugs: ReadonlySet<string>; diseaseKeys: ReadonlySet<string>; orphaCodes: ReadonlySet<string> },
): CommunityPlan[] {
  const free = allCommunityPlans().filter(
    (plan) =>
      !taken.slugs.has(plan.slug) &&
      !taken.diseaseKeys.has(plan.diseaseKey) &&
      (plan.orphaCode === null || !taken.orphaCodes.has(plan.orphaCode)),
  )
  if (free.length < count)
    throw new RangeError(
      `The disease list allows ${free.length} more communities here, not ${count} (at most ${maxPlannedCommunities} in all)`,
    )
  return free.slice(0, count)
}
