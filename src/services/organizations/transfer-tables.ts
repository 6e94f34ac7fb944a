// Row type of org_responsibility_transfers (created by ./migrations/0023_responsibility_transfers.ts). Times are epoch ms.

/**
 * A transfer: the target (bill-transfer) management account manages and pays the source organization's
 * consolidated bill from start_at, until end_at when it was withdrawn.
 */
export interface OrgResponsibilityTransfersTable {
  /** rt-… */
  id: string;
  /** BILLING */
  type: string;
  name: string;
  /** REQUESTED | ACCEPTED | DECLINED | CANCELED | WITHDRAWN; EXPIRED is read from the handshake's expiry. */
  status: string;
  /** The invited (bill-source) management account and its organization. */
  source_account_id: string;
  source_org_id: string;
  /** The inviting (bill-transfer) management account and its organization. */
  target_account_id: string;
  target_org_id: string;
  /** 00:00:00 UTC on the first day of a month. */
  start_at: number;
  /** Exclusive: the first instant after the transfer's last month (null while it has not been withdrawn). */
  end_at: number | null;
  /** The TRANSFER_RESPONSIBILITY handshake that invited the source. */
  handshake_id: string;
  requested_at: number;
}

export interface ResponsibilityTransferTables {
  org_responsibility_transfers: OrgResponsibilityTransfersTable;
}

declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the transfer table into Database
  interface Database extends ResponsibilityTransferTables {}
}
