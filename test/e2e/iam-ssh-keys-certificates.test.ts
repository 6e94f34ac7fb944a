// IAM SSH public keys, server and signing certificates and service-specific credentials end to end with SDK v3:
// AWS's ids, quotas and errors, secrets returned once and never in the store or the trail, DeleteUser's conflicts,
// the account summary and credential report, and server-certificate policies matched on the stored path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import {
  CreateAccessKeyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  PutUserPolicyCommand,
  ResetServiceSpecificCredentialCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { rsaBlob } from '../../src/services/iam/credentials/ssh-key-format.js';

const FIXTURES = new URL('../fixtures/iam/', import.meta.url);
const fixture = (name: string) => readFile(new URL(name, FIXTURES), 'utf8');
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

async function rejectsWith(call: Promise<unknown>, name: string, status: number, message?: string): Promise<void> {
  await assert.rejects(call, (err: any) => {
    assert.equal(err.name, name, `error ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

const newRsa = (bits = 2048) => promisify(generateKeyPair)('rsa', { modulusLength: bits });
const sshLine = (key: KeyObject) => `ssh-rsa ${rsaBlob(key).toString('base64')} someone@example`;
const md5 = (key: KeyObject) => createHash('md5').update(rsaBlob(key)).digest('hex').match(/../g)!.join(':');

describe('IAM SSH keys, certificates and service-specific credentials', () => {
  let w: TestWarden;
  let iam: IAMClient;
  const secrets: string[] = [];

  async function events(name: string) {
    const ct = new CloudTrailClient(w.clientConfig);
    const out = await ct.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
    );
    assert.ok((out.Events ?? []).length > 0, `${name} is audited`);
    return (out.Events ?? []).map((e) => e.CloudTrailEvent!);
  }

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  test('SSH public keys: upload in either encoding, get as SSH or PEM, duplicates, quota, bad keys, status', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ssh-alice' }));
    const keys = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newRsa()));
    const first = keys[0]!.publicKey;
    const { SSHPublicKey: up } = await iam.send(
      new UploadSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyBody: sshLine(first) }),
    );
    assert.match(up!.SSHPublicKeyId!, /^APKA[A-Z0-9]{16}$/);
    assert.equal(up!.Fingerprint, md5(first));
    assert.equal(up!.Status, 'Active');
    assert.equal(up!.UserName, 'ssh-alice');

    const asSsh = await iam.send(
      new GetSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyId: up!.SSHPublicKeyId, Encoding: 'SSH' }),
    );
    assert.equal(asSsh.SSHPublicKey!.SSHPublicKeyBody, `ssh-rsa ${rsaBlob(first).toString('base64')}`);
    const asPem = await iam.send(
      new GetSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyId: up!.SSHPublicKeyId, Encoding: 'PEM' }),
    );
    assert.equal(asPem.SSHPublicKey!.SSHPublicKeyBody, first.export({ type: 'spki', format: 'pem' }));

    // The same key in PEM is the same key.
    const pem = first.export({ type: 'spki', format: 'pem' }).toString();
    await rejectsWith(
      iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyBody: pem })),
      'DuplicateSSHPublicKeyException',
      400,
    );
    for (const key of keys.slice(1, 5)) {
      const body = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyBody: body }));
    }
    await rejectsWith(
      iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyBody: sshLine(keys[5]!.publicKey) })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for SSHPublicKeysPerUser: 5',
    );
    await rejectsWith(
      iam.send(
        new UploadSSHPublicKeyCommand({
          UserName: 'ssh-alice',
          SSHPublicKeyBody: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPyhhXkhiYl/K4wnw54Tk/Jm1xSiWnZSk0slIG9XjgC me',
        }),
      ),
      'UnrecognizedPublicKeyEncodingException',
      400,
    );
    const small = await newRsa(1024);
    await rejectsWith(
      iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyBody: sshLine(small.publicKey) })),
      'InvalidPublicKeyException',
      400,
    );

    const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'ssh-alice' }));
    assert.equal(listed.SSHPublicKeys!.length, 5);
    const ids = listed.SSHPublicKeys!.map((k) => k.SSHPublicKeyId!);
    assert.deepEqual(ids, [...ids].sort(), 'listed by key id');
    await iam.send(
      new UpdateSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyId: up!.SSHPublicKeyId, Status: 'Inactive' }),
    );
    const after1 = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'ssh-alice', MaxItems: 5 }));
    assert.equal(after1.SSHPublicKeys!.find((k) => k.SSHPublicKeyId === up!.SSHPublicKeyId)!.Status, 'Inactive');
    await rejectsWith(
      iam.send(
        new GetSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA', Encoding: 'SSH' }),
      ),
      'NoSuchEntityException',
      404,
      'The Public Key with id APKAAAAAAAAAAAAAAAAA cannot be found.',
    );

    await rejectsWith(
      iam.send(new DeleteUserCommand({ UserName: 'ssh-alice' })),
      'DeleteConflictException',
      409,
      'Cannot delete entity, must delete SSH public keys first.',
    );
    for (const id of ids) await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-alice', SSHPublicKeyId: id }));
    await iam.send(new DeleteUserCommand({ UserName: 'ssh-alice' }));
  });

  test('server certificates: upload with chain and tags, key kept wrapped and never returned, rename, list, delete', async () => {
    const [ca, body, key, other] = await Promise.all(['ca.pem', 'server.pem', 'server.key', 'other.key'].map(fixture));
    secrets.push(key!.trim().split('\n').slice(1, -1).join(''));
    await rejectsWith(
      iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: body, PrivateKey: other }),
      ),
      'KeyPairMismatchException',
      400,
    );
    await rejectsWith(
      iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: 'nope', PrivateKey: key }),
      ),
      'MalformedCertificateException',
      400,
      'Unable to parse certificate. Please ensure the certificate is in PEM format.',
    );
    await rejectsWith(
      iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'web',
          CertificateBody: body,
          PrivateKey: key,
          CertificateChain: await fixture('signing-1.pem'),
        }),
      ),
      'MalformedCertificateException',
      400,
      'Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, ' +
        'followed by any intermediaries in order. The index within the chain of the invalid certificate is: 0',
    );

    const up = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'web',
        Path: '/cloudfront/test/',
        CertificateBody: body,
        PrivateKey: key,
        CertificateChain: ca,
        Tags: [{ Key: 'team', Value: 'edge' }],
      }),
    );
    const meta = up.ServerCertificateMetadata!;
    assert.match(meta.ServerCertificateId!, /^ASCA[A-Z0-9]{17}$/);
    assert.equal(meta.Arn, `arn:aws:iam::${w.accountId}:server-certificate/cloudfront/test/web`);
    assert.equal(meta.Expiration!.getTime(), Date.parse(new X509Certificate(body!).validTo));
    assert.deepEqual(up.Tags, [{ Key: 'team', Value: 'edge' }]);

    const row = await w.warden.runtime.store.db
      .selectFrom('iam_server_certificates')
      .selectAll()
      .where('server_certificate_id', '=', meta.ServerCertificateId!)
      .executeTakeFirstOrThrow();
    assert.match(row.private_key_wrapped, /^v1\./);
    assert.ok(
      !JSON.stringify(row).includes(secrets.at(-1)!.slice(0, 64)),
      'the private key is not stored in plaintext',
    );

    await rejectsWith(
      iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: 'WEB', CertificateBody: body, PrivateKey: key }),
      ),
      'EntityAlreadyExistsException',
      409,
      'The Server Certificate with name WEB already exists.',
    );
    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' }));
    assert.equal(got.ServerCertificate!.CertificateBody, body);
    assert.equal(got.ServerCertificate!.CertificateChain, ca);
    assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'), 'the private key is never returned');

    await iam.send(
      new TagServerCertificateCommand({ ServerCertificateName: 'web', Tags: [{ Key: 'env', Value: 'prod' }] }),
    );
    await iam.send(
      new UpdateServerCertificateCommand({ ServerCertificateName: 'web', NewServerCertificateName: 'web2' }),
    );
    await rejectsWith(
      iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' })),
      'NoSuchEntityException',
      404,
      'The Server Certificate with name web cannot be found.',
    );
    await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'web2', TagKeys: ['TEAM'] }));
    const tags = await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web2' }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'prod' }]);

    await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'root-cert',
        CertificateBody: body,
        PrivateKey: key,
      }),
    );
    const cloudfront = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }));
    assert.deepEqual(
      cloudfront.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName),
      ['web2'],
    );
    const page1 = await iam.send(new ListServerCertificatesCommand({ MaxItems: 1 }));
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new ListServerCertificatesCommand({ MaxItems: 1, Marker: page1.Marker }));
    assert.deepEqual(
      [...page1.ServerCertificateMetadataList!, ...page2.ServerCertificateMetadataList!].map(
        (m) => m.ServerCertificateName,
      ),
      ['root-cert', 'web2'],
    );
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap!.ServerCertificates, 2);
    assert.equal(summary.SummaryMap!.ServerCertificatesQuota, 20);

    // A policy on server-certificate/cloudfront/* matches the stored path, not just the name given.
    await iam.send(new CreateUserCommand({ UserName: 'cert-reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'cert-reader',
        PolicyName: 'cloudfront-certs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:GetServerCertificate',
              Resource: `arn:aws:iam::${w.accountId}:server-certificate/cloudfront/*`,
            },
          ],
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'cert-reader' }));
    const reader = new IAMClient({
      ...w.clientConfig,
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
    });
    await reader.send(new GetServerCertificateCommand({ ServerCertificateName: 'web2' }));
    await rejectsWith(
      reader.send(new GetServerCertificateCommand({ ServerCertificateName: 'root-cert' })),
      'AccessDenied',
      403,
    );

    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'root-cert' }));
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'web2' }));
    assert.equal((await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList!.length, 0);

    let checked = 0;
    for (const record of await events('UploadServerCertificate')) {
      const params = JSON.parse(record).requestParameters ?? {};
      assert.equal(params.privateKey, HIDDEN, 'the PrivateKey member is redacted');
      assert.ok(!record.includes(secrets.at(-1)!.slice(0, 64)), 'no private key in the trail');
      checked++;
    }
    assert.ok(checked >= 5, 'every upload, refused or not, is recorded with its key hidden');
  });

  test('signing certificates: two per user, one user per certificate, root certificates, report and summary', async () => {
    const [one, two, three] = await Promise.all(['signing-1.pem', 'signing-2.pem', 'signing-3.pem'].map(fixture));
    await iam.send(new CreateUserCommand({ UserName: 'sign-bob' }));
    await iam.send(new CreateUserCommand({ UserName: 'sign-carol' }));
    const { Certificate: c1 } = await iam.send(
      new UploadSigningCertificateCommand({ UserName: 'sign-bob', CertificateBody: one }),
    );
    assert.match(c1!.CertificateId!, /^[A-Z0-9]{32}$/);
    assert.equal(c1!.Status, 'Active');
    assert.equal(c1!.UserName, 'sign-bob');
    await rejectsWith(
      iam.send(new UploadSigningCertificateCommand({ UserName: 'sign-carol', CertificateBody: one })),
      'DuplicateCertificateException',
      409,
    );
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'sign-bob', CertificateBody: two }));
    await rejectsWith(
      iam.send(new UploadSigningCertificateCommand({ UserName: 'sign-bob', CertificateBody: three })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for CertificatesPerUser: 2',
    );
    await rejectsWith(
      iam.send(new UploadSigningCertificateCommand({ UserName: 'sign-bob', CertificateBody: 'garbage' })),
      'MalformedCertificateException',
      400,
    );
    await iam.send(
      new UpdateSigningCertificateCommand({
        UserName: 'sign-bob',
        CertificateId: c1!.CertificateId,
        Status: 'Inactive',
      }),
    );
    const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'sign-bob' }));
    assert.deepEqual(
      listed.Certificates!.map((c) => c.Status),
      ['Inactive', 'Active'],
    );
    await rejectsWith(
      iam.send(new DeleteSigningCertificateCommand({ UserName: 'sign-carol', CertificateId: c1!.CertificateId })),
      'NoSuchEntityException',
      404,
      `The Certificate with id ${c1!.CertificateId} cannot be found.`,
    );

    // The root user's own, UserName omitted.
    const { Certificate: rootCert } = await iam.send(new UploadSigningCertificateCommand({ CertificateBody: three }));
    assert.equal(rootCert!.UserName, undefined);
    assert.deepEqual(
      (await iam.send(new ListSigningCertificatesCommand({}))).Certificates!.map((c) => c.CertificateId),
      [rootCert!.CertificateId],
    );
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap!.AccountSigningCertificatesPresent, 1);
    assert.equal(summary.SummaryMap!.SigningCertificatesPerUserQuota, 2);

    await iam.send(new GenerateCredentialReportCommand({}));
    const report = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8');
    const lines = report.split('\n');
    const header = lines[0]!.split(',');
    const col = (line: string, name: string) => line.split(',')[header.indexOf(name)];
    const bob = lines.find((l) => l.startsWith('sign-bob,'))!;
    assert.equal(col(bob, 'cert_1_active'), 'false');
    assert.equal(col(bob, 'cert_2_active'), 'true');
    assert.equal(col(lines[1]!, 'cert_1_active'), 'true', 'the root user has one');

    await rejectsWith(
      iam.send(new DeleteUserCommand({ UserName: 'sign-bob' })),
      'DeleteConflictException',
      409,
      'Cannot delete entity, must delete signing certificates first.',
    );
    for (const c of listed.Certificates!) {
      await iam.send(new DeleteSigningCertificateCommand({ UserName: 'sign-bob', CertificateId: c.CertificateId }));
    }
    await iam.send(new DeleteSigningCertificateCommand({ CertificateId: rootCert!.CertificateId }));
    await iam.send(new DeleteUserCommand({ UserName: 'sign-bob' }));
  });

  test('service-specific credentials: passwords and API keys shown once, hashed at rest, two per service', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'svc-dan' }));
    const { ServiceSpecificCredential: git } = await iam.send(
      new CreateServiceSpecificCredentialCommand({ UserName: 'svc-dan', ServiceName: 'codecommit.amazonaws.com' }),
    );
    secrets.push(git!.ServicePassword!);
    assert.equal(git!.ServiceUserName, `svc-dan-at-${w.accountId}`);
    assert.equal(git!.ServicePassword!.length, 44);
    assert.match(git!.ServiceSpecificCredentialId!, /^ACCA[A-Z0-9]{17}$/);
    const { ServiceSpecificCredential: git2 } = await iam.send(
      new CreateServiceSpecificCredentialCommand({ UserName: 'svc-dan', ServiceName: 'codecommit.amazonaws.com' }),
    );
    secrets.push(git2!.ServicePassword!);
    assert.equal(git2!.ServiceUserName, `svc-dan+1-at-${w.accountId}`);
    await rejectsWith(
      iam.send(
        new CreateServiceSpecificCredentialCommand({ UserName: 'svc-dan', ServiceName: 'codecommit.amazonaws.com' }),
      ),
      'LimitExceededException',
      409,
      'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
    );
    await rejectsWith(
      iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'svc-dan', ServiceName: 'nope.amazonaws.com' })),
      'ServiceNotSupportedException',
      404,
    );
    const { ServiceSpecificCredential: apiKey } = await iam.send(
      new CreateServiceSpecificCredentialCommand({
        UserName: 'svc-dan',
        ServiceName: 'bedrock.amazonaws.com',
        CredentialAgeDays: 30,
      }),
    );
    secrets.push(apiKey!.ServiceCredentialSecret!);
    assert.ok(apiKey!.ServiceCredentialAlias!.startsWith('svc-dan'));
    assert.equal(apiKey!.ServicePassword, undefined);
    assert.equal(apiKey!.ExpirationDate!.getTime() - apiKey!.CreateDate!.getTime(), 30 * 86_400_000);

    const row = await w.warden.runtime.store.db
      .selectFrom('iam_service_credentials')
      .selectAll()
      .where('credential_id', '=', git!.ServiceSpecificCredentialId!)
      .executeTakeFirstOrThrow();
    assert.match(row.secret_hash, /^scrypt\$/);
    assert.ok(!JSON.stringify(row).includes(git!.ServicePassword!));

    const { ServiceSpecificCredential: reset } = await iam.send(
      new ResetServiceSpecificCredentialCommand({
        UserName: 'svc-dan',
        ServiceSpecificCredentialId: git!.ServiceSpecificCredentialId,
      }),
    );
    secrets.push(reset!.ServicePassword!);
    assert.notEqual(reset!.ServicePassword, git!.ServicePassword);
    await iam.send(
      new UpdateServiceSpecificCredentialCommand({
        UserName: 'svc-dan',
        ServiceSpecificCredentialId: git2!.ServiceSpecificCredentialId,
        Status: 'Inactive',
      }),
    );
    const listed = await iam.send(
      new ListServiceSpecificCredentialsCommand({ UserName: 'svc-dan', ServiceName: 'codecommit.amazonaws.com' }),
    );
    assert.deepEqual(
      listed.ServiceSpecificCredentials!.map((c) => [c.ServiceUserName, c.Status]),
      [
        [`svc-dan-at-${w.accountId}`, 'Active'],
        [`svc-dan+1-at-${w.accountId}`, 'Inactive'],
      ],
    );
    assert.ok(!JSON.stringify(listed).includes('ServicePassword'));
    const all = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true }));
    assert.equal(all.ServiceSpecificCredentials!.length, 3);

    await rejectsWith(
      iam.send(new DeleteUserCommand({ UserName: 'svc-dan' })),
      'DeleteConflictException',
      409,
      'Cannot delete entity, must delete service specific credentials first.',
    );
    for (const c of all.ServiceSpecificCredentials!) {
      await iam.send(
        new DeleteServiceSpecificCredentialCommand({
          UserName: 'svc-dan',
          ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
        }),
      );
    }
    await rejectsWith(
      iam.send(
        new DeleteServiceSpecificCredentialCommand({
          UserName: 'svc-dan',
          ServiceSpecificCredentialId: git!.ServiceSpecificCredentialId,
        }),
      ),
      'NoSuchEntityException',
      404,
    );
    await iam.send(new DeleteUserCommand({ UserName: 'svc-dan' }));

    let redacted = 0;
    for (const name of ['CreateServiceSpecificCredential', 'ResetServiceSpecificCredential']) {
      for (const record of await events(name)) {
        for (const secret of secrets) assert.ok(!record.includes(secret), `${name}'s record holds a secret`);
        // Refused calls (quota, unknown service) have no responseElements; every answered one redacts its secret.
        const cred = JSON.parse(record).responseElements?.serviceSpecificCredential;
        if (cred === undefined) continue;
        assert.ok(cred.servicePassword === HIDDEN || cred.serviceCredentialSecret === HIDDEN, record);
        redacted++;
      }
    }
    assert.equal(redacted, 4, 'three creates and one reset answered, each redacted');
  });
});
