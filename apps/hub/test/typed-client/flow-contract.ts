// What the typed client's flow (join-flow.ts, compiled by openapi-client.test.ts against types generated
// from the hub's OpenAPI document) and the test that runs it agree on. Nothing here depends on the
// generated types, so the project's typecheck and lint read this file as any other.

/** The steps outside the API that the test takes for the flow, through the test kit. */
export interface OutsideTheApi {
  /** Makes the account network staff, as an operator would. */
  makeStaff(accountId: string): Promise<void>
  /** Runs the background jobs queued so far: the approved community's provisioning. */
  runJobs(): Promise<void>
  /** The token of the verification link mailed to `email`, as its owner finds it in their mailbox. */
  verificationToken(email: string): Promise<string>
}

/** What the flow saw at each step, for the test to check. */
export interface JoinFlowResult {
  slug: string
  /** The proposal's status once a volunteer moderator supported it. */
  statusWhenSupported: string
  /** The proposal's status once staff approved it. */
  statusWhenApproved: string
  /** The community's status on its public card after the jobs ran. */
  communityStatus: string
  /** Where the new member's request to join stood when they joined, then once the founder approved it. */
  approvalWhenJoined: string
  approvalWhenApproved: string
  /** Categories the new member read with their community token. */
  categories: string[]
}

export type RunJoinFlow = (baseUrl: string, outside: OutsideTheApi) => Promise<JoinFlowResult>
