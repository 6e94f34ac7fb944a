// The agent's registration kept on the host: instance id, its private key and current credentials, readable only by
// the user running the agent (folder 0700, files 0600).
import { generateKeyPair, type KeyObject, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Registration {
  instanceId: string;
  accountId: string;
  region: string;
  activationId: string;
  endpoint: string;
}

export interface AgentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
}

const REGISTRATION = 'registration.json';
const KEY = 'instance-key.pem';
const CREDENTIALS = 'credentials.json';

/** Written beside, then renamed over, so a crash never leaves half a file; mode 0600 from creation. */
async function writePrivate(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export class AgentState {
  constructor(readonly dir: string) {}

  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
  }

  registration(): Promise<Registration | undefined> {
    return readJson<Registration>(join(this.dir, REGISTRATION));
  }

  saveRegistration(r: Registration): Promise<void> {
    return writePrivate(join(this.dir, REGISTRATION), JSON.stringify(r, null, 2) + '\n');
  }

  credentials(): Promise<AgentCredentials | undefined> {
    return readJson<AgentCredentials>(join(this.dir, CREDENTIALS));
  }

  saveCredentials(c: AgentCredentials): Promise<void> {
    return writePrivate(join(this.dir, CREDENTIALS), JSON.stringify(c, null, 2) + '\n');
  }

  async privateKey(): Promise<KeyObject | undefined> {
    try {
      return createPrivateKey(await readFile(join(this.dir, KEY), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** A fresh Ed25519 key pair for a registration: the private half stays here, the public half goes to Warden. */
  async newKeyPair(): Promise<{ privateKey: KeyObject; publicKeyDer: Buffer }> {
    const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
      (resolve, reject) =>
        generateKeyPair('ed25519', undefined, (err, pub, priv) =>
          err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
        ),
    );
    await writePrivate(join(this.dir, KEY), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    return { privateKey, publicKeyDer: publicKey.export({ type: 'spki', format: 'der' }) };
  }
}
