// The listener findings' shapes: NetworkConnectionAction and PortProbeAction as GuardDuty writes them, and their severities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maliciousIpCallerFinding, portDetails, portProbeFinding, remoteIpDetails } from './network-finding.js';

const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1111';

test('a threat-listed caller: INBOUND TCP connection, local and remote ports and addresses, the list named', () => {
  const f = maliciousIpCallerFinding(
    {
      loadBalancerArn: LB,
      clientIp: '::ffff:127.0.0.2',
      clientPort: 51234,
      localIp: '::ffff:127.0.0.1',
      localPort: 443,
    },
    'blocklist',
    true,
    1000,
  );
  assert.equal(f.Type, 'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom');
  assert.equal(f.Severity, 5);
  assert.deepEqual(f.Service!.Action, {
    ActionType: 'NETWORK_CONNECTION',
    NetworkConnectionAction: {
      Blocked: true,
      ConnectionDirection: 'INBOUND',
      LocalPortDetails: { Port: 443, PortName: 'HTTPS' },
      LocalIpDetails: { IpAddressV4: '127.0.0.1' },
      Protocol: 'TCP',
      RemoteIpDetails: { IpAddressV4: '127.0.0.2' },
      RemotePortDetails: { Port: 51234, PortName: 'Unknown' },
    },
  });
  assert.deepEqual(JSON.parse(f.Service!.AdditionalInfo!.Value!), { threatListName: 'blocklist', loadBalancerArn: LB });
  assert.equal(f.Service!.AdditionalInfo!.Type, 'default');
  assert.deepEqual(f.Service!.Evidence, {
    ThreatIntelligenceDetails: [{ ThreatListName: 'blocklist', ThreatNames: [] }],
  });
  assert.equal(f.Service!.ResourceRole, 'TARGET');
  assert.equal(f.key, `${LB}\n127.0.0.2`);
  const v6 = maliciousIpCallerFinding(
    { loadBalancerArn: LB, clientIp: '2001:db8::7', clientPort: 1, localIp: '::1', localPort: 8080 },
    'l',
    false,
    0,
  );
  assert.deepEqual(v6.Service!.Action!.NetworkConnectionAction!.RemoteIpDetails, { IpAddressV6: '2001:db8::7' });
  assert.equal(v6.Service!.Action!.NetworkConnectionAction!.Blocked, false);
});

test('a port probe lists each probed port; Low, or High when Elasticsearch ports are probed', () => {
  const probed = [8001, 8002, 8003].map((localPort) => ({ loadBalancerArn: LB, localIp: '127.0.0.1', localPort }));
  const f = portProbeFinding(LB, '203.0.113.9', probed, false, 0);
  assert.equal(f.Type, 'Recon:EC2/PortProbeUnprotectedPort');
  assert.equal(f.Severity, 2);
  assert.equal(f.Service!.Action!.ActionType, 'PORT_PROBE');
  const details = f.Service!.Action!.PortProbeAction!.PortProbeDetails!;
  assert.equal(details.length, 3);
  assert.deepEqual(details[0], {
    LocalPortDetails: { Port: 8001, PortName: 'Unknown' },
    LocalIpDetails: { IpAddressV4: '127.0.0.1' },
    RemoteIpDetails: { IpAddressV4: '203.0.113.9' },
  });
  assert.equal(f.Service!.Action!.PortProbeAction!.Blocked, false);
  const es = portProbeFinding(
    LB,
    '203.0.113.9',
    [{ loadBalancerArn: LB, localIp: '127.0.0.1', localPort: 9200 }],
    true,
    0,
  );
  assert.equal(es.Severity, 8);
  assert.deepEqual(portDetails(22), { Port: 22, PortName: 'SSH' });
});

test('a located remote address carries its country and autonomous system; an unlocated one only its address', () => {
  assert.deepEqual(remoteIpDetails('::ffff:8.8.8.8', { country: 'US', asn: 15169 }), {
    IpAddressV4: '8.8.8.8',
    Country: { CountryCode: 'US', CountryName: 'United States' },
    Organization: { Asn: '15169' },
  });
  assert.deepEqual(remoteIpDetails('2001:db8::1', {}), { IpAddressV6: '2001:db8::1' });
  assert.deepEqual(remoteIpDetails('not an address'), {});
  const f = maliciousIpCallerFinding(
    { loadBalancerArn: LB, clientIp: '8.8.8.8', clientPort: 1, localIp: '10.0.0.1', localPort: 80 },
    'l',
    false,
    0,
    { country: 'DE' },
  );
  assert.deepEqual(f.Service!.Action!.NetworkConnectionAction!.RemoteIpDetails!.Country, {
    CountryCode: 'DE',
    CountryName: 'Germany',
  });
});
