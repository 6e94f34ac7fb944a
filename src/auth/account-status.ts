// Which accounts' credentials still authenticate: only an ACTIVE account's, as on AWS once closure begins.

/**
 * Whether credentials of an account in this state may sign requests. AWS (Account Management Guide, "Close an AWS
 * account"; Organizations API Reference, CloseAccount) documents the life of a closed account: PENDING_CLOSURE while
 * the close request runs, then SUSPENDED for the 90-day post-closure period, then CLOSED for good. From the moment it
 * is closed the account "will no longer be able to access AWS services"; during the post-closure period its root
 * user may only sign in to the console to view past bills, change account settings or contact Support — none of them
 * an API Warden serves. So every credential of an account that is not ACTIVE (its root's and its users' access keys,
 * and sessions in it, whoever assumed them) is refused as an unknown one, and works again only if the account is
 * reopened (ACTIVE). A missing account (null) authenticates nothing.
 */
export function accountMayAuthenticate(status: string | null | undefined): boolean {
  return status === 'ACTIVE';
}
