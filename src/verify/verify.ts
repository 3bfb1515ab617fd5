/** Verification anyone can run: reads only an archive (directory or http(s) URL). */

export interface Problem {
  file: string; // path inside the archive, e.g. tile/0/001.p/12
  reason: string;
}
export interface VerifyReport {
  ok: boolean;
  source: string;
  checkpoint?: { origin: string; size: number; root: string };
  /** which keys checked the checkpoint: the ones given, or the archive's own log.vkey */
  keySource?: 'given' | 'published';
  keyNames: string[];
  entries: number;
  documents: { checked: number; redacted: number };
  redacted: { sha256: string; reason: string; index: number }[];
  consistentWith?: { size: number; root: string };
  problems: Problem[];
}
export interface VerifyOptions {
  source: string;
  keys?: string[];
  /** text of an older signed checkpoint the archive must extend */
  since?: string;
  onProgress?: (done: number, total: number) => void;
}
export declare function verifyArchive(opts: VerifyOptions): Promise<VerifyReport>;
