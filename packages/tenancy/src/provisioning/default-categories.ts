/** The forum categories every new community starts with; its moderators rename, reorder or add to them. */
export const defaultCategories = [
  {
    slug: 'introductions',
    name: 'Introductions',
    description: 'Say hello, and share as much or as little of your story as you like.',
  },
  {
    slug: 'living-with-the-condition',
    name: 'Living with the condition',
    description: 'Everyday life: symptoms, school and work, appointments, and what helps.',
  },
  {
    slug: 'treatments-and-research',
    name: 'Treatments and research',
    description: 'Treatments, clinical trials and research news. Please link your sources; nothing here is medical advice.',
  },
  {
    slug: 'caregivers',
    name: 'Caregivers',
    description: 'For parents, partners, family and friends who care for someone with the condition.',
  },
  {
    slug: 'off-topic',
    name: 'Off topic',
    description: 'Anything else, in good company.',
  },
] as const satisfies ReadonlyArray<{ slug: string; name: string; description: string }>
