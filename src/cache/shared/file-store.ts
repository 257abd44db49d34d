// The shared cache as a folder on shared storage (NFS, SMB, a mounted volume). Every write goes to a temp name in
// the destination's own folder (so the rename never crosses file systems), is fsynced, then renamed: a crash leaves a
// `.render-tmp-*.part` file, never a half object under its final name.
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hashFile, writeFileAtomic, writeStreamAtomic, type FileDigest } from '../../common/durable-fs.js';
import { RenderError } from '../../common/errors.js';
import { describeFsError, errnoCode, makeDir } from '../../common/fs-errors.js';
import type { BlobStore, ObjectBody, StoredObject, UploadSource } from './blob-store.js';

function storeFailed(error: unknown, path: string, doing: string): RenderError {
  return new RenderError('CACHE_STORE_FAILED', `shared cache: cannot ${doing}: ${describeFsError(error, path)}`, {
    hint: 'check that the shared folder is mounted on this machine and writable by this user',
    cause: error,
  });
}

export class FileStore implements BlobStore {
  readonly url: string;
  readonly #root: string;

  constructor(root: string, url: string) {
    this.#root = root;
    this.url = url;
  }

  locate(name: string): string {
    return join(this.#root, ...name.split('/'));
  }

  // A missing root is refused, not made: an unmounted share would otherwise become a private folder on each machine.
  async #checkRoot(): Promise<void> {
    const info = await stat(this.#root).catch((error: unknown) => {
      throw storeFailed(error, this.#root, 'open the shared folder');
    });
    if (!info.isDirectory()) throw storeFailed(Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }), this.#root, 'open the shared folder');
  }

  async stat(name: string): Promise<StoredObject | undefined> {
    const path = this.locate(name);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      // A folder keeps no metadata: the hash is computed, which also catches a blob damaged in place.
      const digest = await hashFile(path);
      return { bytes: digest.bytes, sha256: digest.sha256 };
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw storeFailed(error, path, 'read');
    }
  }

  async upload(name: string, source: UploadSource, _digest: FileDigest): Promise<void> {
    await this.#checkRoot();
    const target = this.locate(name);
    // The temp file in the target's own folder: the rename never crosses file systems.
    try {
      await makeDir(dirname(target));
      if ('data' in source) await writeFileAtomic(target, source.data, dirname(target));
      else await writeStreamAtomic(target, createReadStream(source.path), dirname(target));
    } catch (error) {
      throw storeFailed(error, target, 'write');
    }
  }

  async read(name: string, signal: AbortSignal): Promise<ObjectBody | undefined> {
    const path = this.locate(name);
    try {
      const handle = await open(path, 'r');
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return undefined;
      }
      return { body: handle.createReadStream({ signal }), bytes: info.size, sha256: undefined };
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw storeFailed(error, path, 'read');
    }
  }

  async remove(name: string): Promise<void> {
    const path = this.locate(name);
    await rm(path, { force: true }).catch((error: unknown) => {
      throw storeFailed(error, path, 'delete');
    });
  }
}
