/**
 * An alliance's public records (the archive's own entries, newest first), each with its log
 * index, what happened, when, and links to the documents it published (doc/sha256/<hex>).
 * Record fields are untrusted: only known types get a translated name, only well-formed
 * hashes become links (DocLink).
 */
import type { RecordView } from '../../services/records.js';
import { staticBundle, type PageInfo } from './page.js';
import { DocLink, When } from './covenant-parts.js';
import { isolate } from './format.js';

export function AllianceRecords(props: { page: PageInfo; records: RecordView[] }) {
  const { page, records } = props;
  const { t } = page;
  if (records.length === 0) return <p>{t('alliance.records.none')}</p>;
  return (
    <ol class="records">
      {records.map((r) => (
        <li>
          <p class="meta">
            <RecordIndex page={page} index={r.index} label={t('alliance.records.index', { index: r.index })} /> <strong>{recordLabel(page, r)}</strong>{' '}
            <When page={page} at={r.at} />
          </p>
          <Documents record={r.record} />
        </li>
      ))}
    </ol>
  );
}

/**
 * A record's index; in the static export, a link to the entry bundle that holds it there (live,
 * the partial bundle's name changes as the log grows, so live pages leave the index as text).
 */
export function RecordIndex(props: { page: PageInfo; index: number; label: string }) {
  const bundle = staticBundle(props.page, props.index);
  if (bundle === null) return <span class="index">{props.label}</span>;
  return (
    <a class="index" href={`/archive/${bundle}`}>
      {props.label}
    </a>
  );
}

function Documents(props: { record: Record<string, unknown> }) {
  const docs = Array.isArray(props.record.documents) ? props.record.documents : [];
  if (docs.length === 0) return null;
  return (
    <ul class="docs">
      {docs.map((d: unknown) => {
        const doc = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
        return (
          <li>
            <DocLink sha256={String(doc.sha256 ?? '')} name={typeof doc.name === 'string' ? doc.name : undefined} />
          </li>
        );
      })}
    </ul>
  );
}

function recordLabel(page: PageInfo, r: RecordView): string {
  const { t } = page;
  const version = Number(r.record.version);
  const renewal = Number(r.record.renewal);
  const party = isolate(String(r.record.party ?? ''));
  switch (r.type) {
    case 'alliance':
      return t('alliance.records.created');
    case 'covenant.draft':
      return t('alliance.records.draft', { version, author: isolate(String(r.record.author ?? '')) });
    case 'covenant.proposed':
      return t('alliance.records.proposed', { version });
    case 'covenant.signature':
      return t('alliance.records.signature', { version, party });
    case 'covenant.ratified':
      return t('alliance.records.ratified', { version });
    case 'covenant.superseded':
      return t('alliance.records.superseded', { version, by: Number(r.record.by) });
    case 'renewal.opened':
      return t('alliance.records.renewalOpened', { renewal });
    case 'renewal.signature':
      return t('alliance.records.renewalSignature', { renewal, party });
    case 'renewal.published':
      return t('alliance.records.renewalPublished', { renewal });
    case 'renewal.lapsed':
      return t('alliance.records.renewalLapsed', { renewal });
    default:
      return r.type;
  }
}
