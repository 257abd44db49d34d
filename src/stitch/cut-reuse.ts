// A re-run whose cut inputs did not change reuses the final cut already on disk instead of encoding it again:
// the cut is a function of its clips' bytes, the cut settings and the tool version, all in the fingerprint. The
// file is re-hashed before reuse, so an edited or damaged output is made again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, sha256Hex } from '../cache/key.js';
import { hashFile, writeFileAtomic } from '../common/durable-fs.js';
import type { CutRecord } from '../report/types.js';
import type { Cut, CutEntry } from '../storyboard/model.js';

const memoName = '.cut.json';

interface CutMemo {
  fingerprint: string;
  cut: CutRecord;
}

/** Pure: what the final cut depends on. */
export function cutFingerprint(entries: readonly CutEntry[], clipSha256: ReadonlyMap<string, string>, cut: Cut, toolVersion: string): string {
  return sha256Hex(
    canonicalJson({
      toolVersion,
      entries: entries.map((entry) => ({ ...entry, sha256: clipSha256.get(entry.shot) ?? null })),
      transition: cut.transition,
      audio: cut.audio,
      size: cut.size,
      fit: cut.fit,
      output: cut.output,
    }),
  );
}

export async function reusableCut(outDir: string, fingerprint: string): Promise<CutRecord | undefined> {
  try {
    const memo = JSON.parse(await readFile(join(outDir, memoName), 'utf8')) as CutMemo;
    if (memo.fingerprint !== fingerprint) return undefined;
    const digest = await hashFile(join(outDir, memo.cut.file));
    return digest.sha256 === memo.cut.sha256 ? memo.cut : undefined;
  } catch {
    return undefined;
  }
}

export async function rememberCut(outDir: string, fingerprint: string, cut: CutRecord): Promise<void> {
  const memo: CutMemo = { fingerprint, cut };
  await writeFileAtomic(join(outDir, memoName), `${JSON.stringify(memo, null, 2)}\n`, outDir);
}
