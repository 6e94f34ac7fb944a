// Row types of STS's table (created by ./migrations/0050_sts_saml_replay.ts), merged into the store's Database type.

export interface StsSamlAssertionsTable {
  /** The account of the SAML provider the assertion was redeemed through. */
  account_id: string;
  /** SHA-256 (hex) of the provider ARN, the assertion ID and the role ARN: never the assertion's own text. */
  assertion_key: string;
  /** Epoch milliseconds after which the assertion could not be redeemed anyway, so its row may go. */
  expires_at: number;
}

export interface StsTables {
  sts_saml_assertions: StsSamlAssertionsTable;
}

/** Adds STS's table to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges StsTables' members into Database
  interface Database extends StsTables {}
}
