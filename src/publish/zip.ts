/**
 * A minimal ZIP writer (APPNOTE.TXT 6.3.10, the subset every unzip reads): local file headers,
 * DEFLATE (node:zlib deflateRawSync) or stored when deflating does not help, CRC-32 from
 * node:zlib crc32, the central directory and its end record. UTF-8 names (general purpose
 * flag bit 11). No ZIP64: an archive or member of 4 GiB or more, or more than 65,535 members,
 * is refused rather than written wrong. Written by hand because a dependency for ~80 lines of
 * a frozen format would be a larger thing to audit than the lines themselves.
 *
 * Deterministic: the same members and time give the same bytes, so an incremental export sees
 * an unchanged ZIP as unchanged.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipMember {
  /** path inside the archive, "/"-separated, no leading "/" */
  name: string;
  data: Uint8Array;
}

const STORED = 0;
const DEFLATED = 8;
const UTF8_NAMES = 1 << 11;
const MAX_32 = 0xffffffff;

/** MS-DOS date and time (local time in the format; we write the UTC fields, as most tools do). */
function dosDateTime(at: Date): { date: number; time: number } {
  const year = Math.min(2107, Math.max(1980, at.getUTCFullYear()));
  return {
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

export function writeZip(members: readonly ZipMember[], at: Date): Buffer {
  if (members.length > 0xffff) throw new Error(`a ZIP without ZIP64 holds at most 65535 members, not ${members.length}`);
  const { date, time } = dosDateTime(at);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    if (m.name === '' || m.name.startsWith('/') || m.name.split('/').includes('..')) throw new Error(`bad ZIP member name: ${JSON.stringify(m.name)}`);
    const name = Buffer.from(m.name, 'utf8');
    const deflated = deflateRawSync(m.data, { level: 9 });
    const method = deflated.length < m.data.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflated : Buffer.from(m.data);
    const crc = crc32(m.data);
    if (m.data.length >= MAX_32 || offset >= MAX_32) throw new Error('a member or the archive is too large for a ZIP without ZIP64');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, name, body);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); // central directory header signature
    entry.writeUInt16LE((3 << 8) | 20, 4); // made by: UNIX, 2.0 (so the mode below is read)
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(m.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    // extra, comment, disk number start, internal attributes: 0
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);

    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  if (offset + dir.length >= MAX_32) throw new Error('the archive is too large for a ZIP without ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
