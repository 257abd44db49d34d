// Never a half file under the final name: write a temp file beside the output, rename only once it is verified.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ownTempStem } from '../common/durable-fs.js';
import { makeDir } from '../common/fs-errors.js';

/**
 * `.render-tmp-<name>.<pid>.<random>.partial` in the output's own folder, so the final rename stays on one filesystem
 * (atomic), and a kill -9's leftover is the next run's to remove (removeStaleTemps).
 */
export function tempNameFor(output: string): string {
  return `${ownTempStem(dirname(output), basename(output))}${randomBytes(4).toString('hex')}.partial`;
}

/** Runs `write(temp)`; renames the temp file to `output` when it resolves, removes it whatever happens. */
export async function writeAtomically<T>(output: string, write: (temp: string) => Promise<T>): Promise<T> {
  await makeDir(dirname(output));
  const temp = tempNameFor(output);
  try {
    const result = await write(temp);
    await rename(temp, output);
    return result;
  } finally {
    await rm(temp, { force: true });
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
