// AssumeRoleWithWebIdentity against a small OIDC issuer on loopback (AssumeRoleWithSAML: sts-saml.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { CreateOpenIDConnectProviderCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clearOidcKeyCache } from '../../src/auth/oidc.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { allow, clients, policy, rejects, role, sessionKeys, trailRecords } from './sts-fixtures.js';

const CLIENT_ID = 'warden-tests';

/** An OpenID Connect issuer: discovery document and key set over http on 127.0.0.1. */
class TestIssuer {
  private server!: Server;
  private privateKey!: CryptoKey;
  private jwk!: JWK;
  url = '';
  requests = 0;

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256');
    this.privateKey = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => {
      this.requests++;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/realm/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: this.url, jwks_uri: `${this.url}/keys` }));
      } else if (req.url === '/realm/keys') {
        res.end(JSON.stringify({ keys: [this.jwk] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realm`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A signed ID token; claims override the defaults (iss, aud, sub, one hour of validity). */
  async token(claims: Record<string, unknown> = {}, key: CryptoKey = this.privateKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.url, aud: CLIENT_ID, sub: 'user-123', iat: now, exp: now + 3600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .sign(key);
  }
}

describe('STS AssumeRoleWithWebIdentity', () => {
  let w: TestWarden;
  let root: IAMClient;
  let issuer: TestIssuer;
  let providerArn: string;
  let providerName: string;
  /** Unsigned calls: the SDK sends no signature for these operations. */
  let anonymous: STSClient;

  before(async () => {
    w = await startWarden();
    root = new IAMClient(w.clientConfig);
    issuer = new TestIssuer();
    await issuer.start();
    clearOidcKeyCache();
    providerName = issuer.url.replace(/^http:\/\//, '');
    const created = await root.send(
      new CreateOpenIDConnectProviderCommand({ Url: `https://${providerName}`, ClientIDList: [CLIENT_ID] }),
    );
    providerArn = created.OpenIDConnectProviderArn!;
    anonymous = new STSClient({ endpoint: w.endpoint, region: 'us-east-1', maxAttempts: 1 });
  });
  after(async () => {
    await issuer.stop();
    await w.stop();
  });

  function webTrust(sub: string): string {
    return policy({
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${providerName}:aud`]: CLIENT_ID, [`${providerName}:sub`]: sub } },
    });
  }

  const assume = (RoleArn: string, WebIdentityToken: string, extra: Record<string, unknown> = {}) =>
    anonymous.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: 'web-session', WebIdentityToken, ...extra }),
    );

  test('a token from the registered issuer, for a trusted subject, gets role credentials', async () => {
    const target = await role(root, 'WebRole', webTrust('user-123'), policy(allow('iam:ListRoles')));
    const out = await assume(target.arn, await issuer.token());
    assert.equal(out.SubjectFromWebIdentityToken, 'user-123');
    assert.equal(out.Audience, CLIENT_ID);
    assert.equal(out.Provider, issuer.url);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${w.accountId}:assumed-role/WebRole/web-session`);
    const session = clients(w, sessionKeys(out.Credentials));
    assert.equal((await session.sts.send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser!.Arn);
    await session.iam.send(new ListRolesCommand({}));

    const records = await trailRecords(w, w.credentials, 'AssumeRoleWithWebIdentity');
    const event = records.find((r) => r.responseElements?.credentials?.accessKeyId === out.Credentials!.AccessKeyId);
    assert.ok(event, 'the federation is in the trail');
    assert.equal(event.userIdentity.type, 'WebIdentityUser');
    assert.equal(event.userIdentity.userName, 'user-123');
    assert.equal(event.recipientAccountId, w.accountId);
    assert.equal(event.requestParameters.webIdentityToken, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.ok(!JSON.stringify(event).includes(out.Credentials!.SecretAccessKey!));
  });

  test('the trust policy decides on the token claims', async () => {
    const target = await role(root, 'OnlyAlice', webTrust('alice'));
    await rejects(
      assume(target.arn, await issuer.token({ sub: 'mallory' })),
      'AccessDenied',
      403,
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    await assume(target.arn, await issuer.token({ sub: 'alice' }));
  });

  test('tokens that are not valid are refused with AWS errors', async () => {
    const target = await role(root, 'StrictWeb', webTrust('user-123'));
    await rejects(
      assume(target.arn, 'not-a-jwt'),
      'InvalidIdentityTokenException',
      400,
      'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
    );
    await rejects(
      assume(target.arn, await issuer.token({ aud: 'someone-else' })),
      'InvalidIdentityTokenException',
      400,
      'Incorrect token audience',
    );
    const now = Math.floor(Date.now() / 1000);
    await rejects(
      assume(target.arn, await issuer.token({ iat: now - 7200, exp: now - 3600 })),
      'ExpiredTokenException',
      400,
      new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${now - 3600}$`),
    );
    const forger = await generateKeyPair('RS256');
    await rejects(assume(target.arn, await issuer.token({}, forger.privateKey)), 'InvalidIdentityTokenException', 400);
    await rejects(
      assume(target.arn, await issuer.token({ iss: 'http://127.0.0.1:1/unregistered' })),
      'InvalidIdentityTokenException',
      400,
      'No OpenIDConnect provider found in your account for http://127.0.0.1:1/unregistered',
    );
  });

  test('an issuer that cannot be reached is IDPCommunicationError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const name = `127.0.0.1:${port}/gone`;
    const gone = await root.send(
      new CreateOpenIDConnectProviderCommand({ Url: `https://${name}`, ClientIDList: [CLIENT_ID] }),
    );
    const target = await role(
      root,
      'GoneRole',
      policy({
        Effect: 'Allow',
        Principal: { Federated: gone.OpenIDConnectProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
    );
    await rejects(
      assume(target.arn, await issuer.token({ iss: `http://${name}` })),
      'IDPCommunicationErrorException',
      400,
    );
  });
});
