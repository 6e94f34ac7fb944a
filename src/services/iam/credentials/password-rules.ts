// The password rules IAM enforces on console passwords: the account's password policy, or AWS's default one.
import type { PasswordPolicy } from '../../../aws/generated/iam.js';

/** The non-alphanumeric characters the password policy's RequireSymbols counts, as IAM documents them. */
export const PASSWORD_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

/**
 * One rule a password breaks. With no account policy, AWS's default policy applies: at least 8 characters, three
 * of the four character kinds, and not the account's name or email address.
 */
export type PasswordRule =
  | 'MinimumPasswordLength'
  | 'RequireSymbols'
  | 'RequireNumbers'
  | 'RequireUppercaseCharacters'
  | 'RequireLowercaseCharacters'
  | 'ThreeCharacterKinds'
  | 'NotAccountNameOrEmail';

export const DEFAULT_MINIMUM_PASSWORD_LENGTH = 8;

interface CharacterKinds {
  symbols: boolean;
  numbers: boolean;
  upper: boolean;
  lower: boolean;
}

function characterKinds(password: string): CharacterKinds {
  return {
    symbols: [...password].some((c) => PASSWORD_SYMBOLS.includes(c)),
    numbers: /[0-9]/.test(password),
    upper: /[A-Z]/.test(password),
    lower: /[a-z]/.test(password),
  };
}

/** Every rule the password breaks (empty when it conforms), for the policy in force. */
export function passwordViolations(
  policy: PasswordPolicy | undefined,
  password: string,
  account: { name: string; email: string },
): PasswordRule[] {
  const kinds = characterKinds(password);
  const broken: PasswordRule[] = [];
  if (policy === undefined) {
    if (password.length < DEFAULT_MINIMUM_PASSWORD_LENGTH) broken.push('MinimumPasswordLength');
    if (Object.values(kinds).filter(Boolean).length < 3) broken.push('ThreeCharacterKinds');
    if (password === account.name || password.toLowerCase() === account.email.toLowerCase()) {
      broken.push('NotAccountNameOrEmail');
    }
    return broken;
  }
  if (password.length < (policy.MinimumPasswordLength ?? 6)) broken.push('MinimumPasswordLength');
  if (policy.RequireSymbols && !kinds.symbols) broken.push('RequireSymbols');
  if (policy.RequireNumbers && !kinds.numbers) broken.push('RequireNumbers');
  if (policy.RequireUppercaseCharacters && !kinds.upper) broken.push('RequireUppercaseCharacters');
  if (policy.RequireLowercaseCharacters && !kinds.lower) broken.push('RequireLowercaseCharacters');
  return broken;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a password set at changedAt has outlived the policy's MaxPasswordAge at now. */
export function passwordExpired(policy: PasswordPolicy | undefined, changedAt: number, now: number): boolean {
  const days = policy?.MaxPasswordAge;
  return days !== undefined && now - changedAt >= days * DAY_MS;
}
