/** Who is asking. The CLI on the instance's own data directory acts as the local operator. */
export type Actor =
  | { kind: 'local' }
  | { kind: 'account'; accountId: number; username: string; instanceAdmin: boolean };
