// Identifiers of SSH keys (APKA…), signing certificates and service-specific credentials (ACCA…), in AWS's shapes.
import { randomInt } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function upperAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return out;
}

/** 20 characters, APKA then 16 upper-case letters and digits (SSHPublicKeyId: 20–128 word characters). */
export function newSshPublicKeyId(): string {
  return `APKA${upperAlnum(16)}`;
}

/** 32 upper-case letters and digits (CertificateId: 24–128 word characters). */
export function newSigningCertificateId(): string {
  return upperAlnum(32);
}

/** 21 characters, ACCA then 17 upper-case letters and digits, like IAM's other unique ids. */
export function newServiceCredentialId(): string {
  return `ACCA${upperAlnum(17)}`;
}
