// Reads the .json members of a zip archive (OSV's per-ecosystem all.zip) one at a time, each capped in size as read.
import yauzl from 'yauzl';

/** Members read from one archive at most (OSV's largest ecosystem archives hold well under 100,000). */
export const MAX_ZIP_ENTRIES = 500_000;

export type ZipMember = { name: string; text: string } | { name: string; error: string };

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );
}

/** One member's bytes, refused past `maxBytes` as they arrive (the header's size is the archive's claim, not a fact). */
function readMember(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          stream.destroy();
          resolve('too large');
        } else chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * Every `.json` member of the archive, in archive order, as text; a member over `maxBytes` (declared or actual) as an
 * error rather than read. Nothing is written to disk. Counts members against MAX_ZIP_ENTRIES and throws past it.
 */
export async function* zipJsonMembers(path: string, maxBytes: number): AsyncGenerator<ZipMember> {
  const zip = await openZip(path);
  let seen = 0;
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => {
          zip.off('end', onEnd);
          zip.off('error', onError);
          resolve(e);
        };
        const onEnd = () => {
          zip.off('entry', onEntry);
          zip.off('error', onError);
          resolve(undefined);
        };
        const onError = (e: Error) => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          reject(e);
        };
        zip.once('entry', onEntry);
        zip.once('end', onEnd);
        zip.once('error', onError);
        zip.readEntry();
      });
      if (entry === undefined) return;
      if (++seen > MAX_ZIP_ENTRIES) throw new Error(`${path}: more than ${MAX_ZIP_ENTRIES} members`);
      const name = entry.fileName.slice(0, 512);
      if (name.endsWith('/') || !name.toLowerCase().endsWith('.json')) continue;
      if (entry.uncompressedSize > maxBytes) {
        yield { name, error: `larger than ${maxBytes} bytes` };
        continue;
      }
      const body = await readMember(zip, entry, maxBytes);
      yield body === 'too large'
        ? { name, error: `larger than ${maxBytes} bytes` }
        : { name, text: body.toString('utf8') };
    }
  } finally {
    zip.close();
  }
}
