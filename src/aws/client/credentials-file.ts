// Reads one profile's access key from a shared-credentials file (the format `warden serve` writes root-credentials in).
import { readFile } from 'node:fs/promises';
import type { SigningCredentials } from '../sigv4-sign.js';

/** The file is a few lines; anything far larger is not a credentials file. */
const MAX_FILE_BYTES = 64 * 1024;

/** The profile's aws_access_key_id and aws_secret_access_key; an Error saying what is missing otherwise. */
export async function readCredentialsFile(file: string, profile = 'default'): Promise<SigningCredentials> {
  const text = await readFile(file, 'utf8');
  if (text.length > MAX_FILE_BYTES) throw new Error(`${file} is not a credentials file (too large)`);
  let section: string | undefined;
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      section = header[1];
      continue;
    }
    const eq = line.indexOf('=');
    if (section === profile && eq > 0) values.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  const accessKeyId = values.get('aws_access_key_id');
  const secretAccessKey = values.get('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`${file} has no aws_access_key_id and aws_secret_access_key in profile [${profile}]`);
  }
  return { accessKeyId, secretAccessKey };
}
