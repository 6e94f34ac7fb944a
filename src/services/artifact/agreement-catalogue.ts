// The agreements Warden offers through Artifact: its own short texts (never AWS's), one business-associate-style and
// one non-disclosure-style, accepted per account or per organization with `warden artifact agreements accept`.

export interface AgreementDocument {
  /** agreement-<letters/digits>, stable: acceptances refer to it. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** What the accepting party agrees to, one term a line, as ListCustomerAgreements answers acceptanceTerms. */
  readonly acceptanceTerms: readonly string[];
  /** What terminating means, as ListCustomerAgreements answers terminateTerms. */
  readonly terminateTerms: readonly string[];
}

export const AGREEMENTS: readonly AgreementDocument[] = [
  {
    id: 'agreement-WardenBAA0001',
    name: 'Warden Business Associate Addendum',
    description:
      'Warden-authored addendum for accounts that keep protected health information in services Warden controls.',
    acceptanceTerms: [
      'The operator of this Warden deployment safeguards health information the account stores as its business associate.',
      'The account keeps such information only in services the operator has designated eligible.',
      'The operator reports to the account any unauthorized use or disclosure of that information it discovers.',
      "This text is Warden's own model addendum; it is not legal advice and binds only the parties who adopt it.",
    ],
    terminateTerms: [
      'Terminating ends the addendum for the account (or, accepted for an organization, for every account in it).',
      'The account must first remove protected health information from the services, or the operator keeps protecting it.',
    ],
  },
  {
    id: 'agreement-WardenNDA0001',
    name: 'Warden Non-Disclosure Agreement',
    description: 'Warden-authored mutual non-disclosure agreement covering the reports downloaded through Artifact.',
    acceptanceTerms: [
      "Each party keeps the other's confidential information, including downloaded Artifact reports, confidential.",
      "Confidential information is used only to evaluate and operate the account's use of this Warden deployment.",
      'It is shared only with staff and auditors bound by duties of confidentiality at least as strict.',
      "This text is Warden's own model agreement; it is not legal advice and binds only the parties who adopt it.",
    ],
    terminateTerms: [
      'Terminating ends the agreement for future disclosures; information already received stays confidential.',
    ],
  },
];

export function agreementById(id: string): AgreementDocument | undefined {
  return AGREEMENTS.find((a) => a.id === id);
}
