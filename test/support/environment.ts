/**
 * Set by test/run.ts for every test process: the server to create databases on, and the migrated template
 * to clone, or null when each test database is created from `template1` and migrated (a Citus coordinator
 * refuses other templates: `KINDRED_TEST_TEMPLATES=off`).
 */
export function testEnvironment(): { adminUrl: string; template: string | null } {
  const adminUrl = process.env.KINDRED_TEST_ADMIN_URL
  const template = process.env.KINDRED_TEST_TEMPLATE
  if (adminUrl === undefined || template === undefined) {
    throw new Error('Tests run through `npm test` (test/run.ts), which starts PostgreSQL and prepares the template database')
  }
  return { adminUrl, template: template === '' ? null : template }
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}
