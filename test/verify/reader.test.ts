import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReader, parseBaseURL, SourceError } from '../../src/verify/reader.js';
import { tempDir } from './make-archive.js';
import { serveDir, type Served } from './serve.js';

const text = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString());

let dir: string;
beforeAll(() => {
  dir = tempDir();
  mkdirSync(path.join(dir, 'tile/0'), { recursive: true });
  writeFileSync(path.join(dir, 'checkpoint'), 'the checkpoint\n');
  writeFileSync(path.join(dir, 'tile/0/000'), '0123456789');
});

describe('directory reader', () => {
  it('reads files, and gives null for what is not there', async () => {
    const r = await openReader(dir);
    expect(r.source).toBe(path.resolve(dir));
    expect(text(await r.read('checkpoint'))).toBe('the checkpoint\n');
    expect(await r.read('tile/0/001')).toBeNull();
    expect(await r.read('tile/0/000/x')).toBeNull(); // a file where a directory would be
    expect(await r.read('tile')).toBeNull(); // a directory where a file would be
  });

  it('reads at most maxBytes + 1, so a caller sees a file is too large without reading it all', async () => {
    const r = await openReader(dir);
    expect(text(await r.read('tile/0/000', 4))).toBe('01234');
    expect(text(await r.read('tile/0/000', 10))).toBe('0123456789');
  });

  it('refuses paths that could leave the archive: that would be a bug in the caller', async () => {
    const r = await openReader(dir);
    await expect(r.read('../etc/passwd')).rejects.toThrow(/bug/);
    await expect(r.read('/etc/passwd')).rejects.toThrow(/bug/);
  });

  it('a missing directory, a file, or an unsupported URL scheme is a SourceError saying what to do', async () => {
    await expect(openReader(path.join(dir, 'nope'))).rejects.toThrow(new SourceError(`${path.join(dir, 'nope')}: no such directory`));
    await expect(openReader(path.join(dir, 'checkpoint'))).rejects.toThrow(/is a file; give the archive's directory/);
    await expect(openReader('ftp://example.org/archive/')).rejects.toThrow(/only directories and http\(s\) URLs/);
    const viaFileURL = await openReader(new URL(`file://${path.resolve(dir)}/`).href);
    expect(text(await viaFileURL.read('checkpoint'))).toBe('the checkpoint\n');
  });
});

describe('http reader', () => {
  let served: Served;
  let other: Served;
  beforeAll(async () => {
    other = await serveDir(dir, '/elsewhere/');
    served = await serveDir(dir, '/archive/', (req, res) => {
      if (req.url === '/archive/moved') {
        res.writeHead(302, { location: '/archive/checkpoint' }).end();
        return true;
      }
      if (req.url === '/archive/away') {
        res.writeHead(301, { location: `${other.url}checkpoint` }).end();
        return true;
      }
      if (req.url === '/archive/loop') {
        res.writeHead(307, { location: '/archive/loop' }).end();
        return true;
      }
      if (req.url === '/archive/broken') {
        res.writeHead(500).end();
        return true;
      }
      return false;
    });
  });
  afterAll(async () => {
    await served.close();
    await other.close();
  });

  it('normalises the base URL so paths resolve beneath it', () => {
    expect(parseBaseURL('http://h.example/archive').href).toBe('http://h.example/archive/');
    expect(parseBaseURL('https://h.example/a/?x=1#y').href).toBe('https://h.example/a/');
    expect(() => parseBaseURL('http://')).toThrow(SourceError);
    expect(() => parseBaseURL('http://u:p@h.example/')).toThrow(/credentials/);
  });

  it('reads files, 404 is null, and the base URL works without its trailing slash', async () => {
    const r = await openReader(served.url.slice(0, -1));
    expect(r.source).toBe(served.url);
    expect(text(await r.read('checkpoint'))).toBe('the checkpoint\n');
    expect(text(await r.read('tile/0/000', 3))).toBe('0123');
    expect(await r.read('tile/0/001')).toBeNull();
  });

  it('follows redirects within the host only, and not forever', async () => {
    const r = await openReader(served.url);
    expect(text(await r.read('moved'))).toBe('the checkpoint\n');
    await expect(r.read('away')).rejects.toThrow(/redirects to another host \(http:\/\/127\.0\.0\.1:\d+\); refusing to follow/);
    await expect(r.read('loop')).rejects.toThrow(/more than 5 redirects/);
  });

  it('a server error or an unreachable host is a SourceError, not a missing file', async () => {
    const r = await openReader(served.url);
    await expect(r.read('broken')).rejects.toThrow(/HTTP 500/);
    const closed = await serveDir(dir);
    await closed.close();
    const gone = await openReader(closed.url);
    await expect(gone.read('checkpoint')).rejects.toThrow(SourceError);
    await expect(gone.read('checkpoint')).rejects.toThrow(/ECONNREFUSED.*check the URL and your connection/);
  });
});
