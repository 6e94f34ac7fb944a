// UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom and Recon:IAMUser/MaliciousIPCaller.Custom: calls from an address on an active threat list.
import { apiCallFinding, remoteIpOf, SEVERITY } from './api-call-finding.js';
import { isApiCall } from './record-facts.js';
import type { TrailDetection } from './types.js';

export const MALICIOUS_IP_CALLER_CUSTOM = 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom';
export const RECON_MALICIOUS_IP_CALLER_CUSTOM = 'Recon:IAMUser/MaliciousIPCaller.Custom';

/**
 * A call whose source address is on one of the detector's active ThreatIntelSets. GuardDuty names read-only calls
 * (listing and describing resources) reconnaissance and every other call unauthorized access; both are Medium.
 * Service.AdditionalInfo names the list (`threatListName`, which FindingCriteria can filter on). A trusted IP list
 * holding the address suppresses it (analyse.ts).
 */
export const maliciousIpCallerCustom: TrailDetection = {
  name: 'malicious-ip-caller-custom',
  findingTypes: [MALICIOUS_IP_CALLER_CUSTOM, RECON_MALICIOUS_IP_CALLER_CUSTOM],
  async detect(scope, record) {
    if (!isApiCall(record)) return [];
    const ip = remoteIpOf(record);
    const hit = ip === undefined ? undefined : scope.lists.threat(ip);
    if (!ip || !hit) return [];
    const api = record.eventName;
    const recon = record.readOnly === true;
    return [
      apiCallFinding(scope, record, {
        type: recon ? RECON_MALICIOUS_IP_CALLER_CUSTOM : MALICIOUS_IP_CALLER_CUSTOM,
        severity: SEVERITY.MEDIUM,
        title: `The API ${api} was invoked from an IP address on a custom threat list.`,
        description: `The API ${api} was invoked from IP address ${ip} on the custom threat list ${hit.name}.`,
        key: `${hit.id}\n${ip}`,
        additionalInfo: { threatListName: hit.name },
      }),
    ];
  },
};
