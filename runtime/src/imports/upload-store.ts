/**
 * Files uploaded for import, kept in a folder of the server until they are imported (then
 * deleted) or for a day. An upload is named by a random id: the file name the user gave is
 * kept beside it, never used as a path.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../errors/domain-error.ts';

/** Largest file taken: a million invoice rows of a wide export fit well within it. */
export const maxUploadBytes = 512 * 1024 * 1024;
const keepForMs = 24 * 60 * 60 * 1000;

export interface Upload {
  id: string;
  workspaceId: string;
  fileName: string;
  bytes: number;
  file: string;
}

export class UploadStore {
  constructor(readonly folder: string) {}

  /** Stores a streamed upload; refuses it (and keeps nothing) past {@link maxUploadBytes}. */
  async save(workspaceId: string, fileName: string, body: Readable): Promise<Upload> {
    await mkdir(this.folder, { recursive: true });
    await this.sweep();
    const id = randomUUID();
    const file = this.fileOf(id);
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxUploadBytes) {
        body.destroy(new DomainError('BAD_REQUEST', `The file is larger than ${maxUploadBytes / 1024 / 1024} MB.`));
      }
    });
    try {
      await pipeline(body, createWriteStream(file));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    if (bytes === 0) {
      await rm(file, { force: true });
      throw new DomainError('BAD_REQUEST', 'The file is empty.');
    }
    const cleanName = path.basename(fileName.replaceAll('\\', '/')).slice(0, 300) || 'upload.csv';
    await writeFile(`${file}.json`, JSON.stringify({ workspaceId, fileName: cleanName, bytes }));
    return { id, workspaceId, fileName: cleanName, bytes, file };
  }

  /** An upload of this workspace; another workspace's id reads as unknown. */
  async get(workspaceId: string, id: string): Promise<Upload> {
    const file = this.fileOf(id);
    const meta = await readFile(`${file}.json`, 'utf8').then(
      (text) => JSON.parse(text) as Omit<Upload, 'id' | 'file'>,
      () => null,
    );
    if (!meta || meta.workspaceId !== workspaceId) {
      throw new DomainError(
        'NOT_FOUND',
        'This upload is gone (uploads are kept for a day). Please upload the file again.',
        {
          field: 'uploadId',
        },
      );
    }
    return { id, file, ...meta };
  }

  async remove(id: string): Promise<void> {
    const file = this.fileOf(id);
    // The description first: from then on the upload reads as gone.
    await rm(`${file}.json`, { force: true });
    await rm(file, { force: true });
  }

  private fileOf(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id))
      throw new DomainError('NOT_FOUND', 'There is no such upload.', { field: 'uploadId' });
    return path.join(this.folder, `${id}.upload`);
  }

  /** Deletes uploads older than a day. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.folder)) {
      const file = path.join(this.folder, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > keepForMs) await rm(file, { force: true });
    }
  }
}
