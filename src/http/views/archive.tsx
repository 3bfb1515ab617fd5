/**
 * The archive page: the latest signed checkpoint (C2SP tlog-checkpoint), the most recent public
 * records, and how anyone can verify the whole archive without trusting this server.
 * Every record field is untrusted text: it reaches the page only through JSX, which escapes it.
 */
import type { RecordView } from '../../services/records.js';
import { Layout } from './layout.js';
import { RecordIndex } from './alliance-records.js';
import type { PageInfo } from './page.js';
import { SHA256_HEX, formatNumber, isolate, shellQuote } from './format.js';
import { When } from './covenant-parts.js';

export interface ArchiveData {
  checkpoint: { note: string; origin: string; size: number; root: string } | null;
  records: RecordView[];
  /** absolute URL of the archive root, ending in "/" */
  archiveUrl: string;
  verifierKey: string;
}

export function ArchivePage(props: { page: PageInfo } & ArchiveData) {
  const { page, checkpoint, records, archiveUrl, verifierKey } = props;
  const { t } = page;
  const command = `daylight verify ${shellQuote(archiveUrl)} --key ${shellQuote(verifierKey)}`;
  return (
    <Layout page={page} title={t('archive.title')}>
      <h1>{t('archive.title')}</h1>
      <p class="lead">{t('archive.lead')}</p>

      <section aria-labelledby="checkpoint">
        <h2 id="checkpoint">{t('archive.checkpoint.heading')}</h2>
        {checkpoint ? (
          <>
            <dl>
              <dt>{t('archive.checkpoint.origin')}</dt>
              <dd>
                <code>{checkpoint.origin}</code>
              </dd>
              <dt>{t('archive.checkpoint.size')}</dt>
              <dd>{formatNumber(page.locale, checkpoint.size)}</dd>
              <dt>{t('archive.checkpoint.root')}</dt>
              <dd>
                <code>{checkpoint.root}</code>
              </dd>
            </dl>
            <h3>{t('archive.checkpoint.note')}</h3>
            <pre>{checkpoint.note}</pre>
          </>
        ) : (
          <p>{t('archive.checkpoint.none')}</p>
        )}
      </section>

      <section aria-labelledby="records">
        <h2 id="records">{t('archive.records.heading')}</h2>
        {records.length === 0 ? (
          <p>{t('archive.records.none')}</p>
        ) : (
          <ol class="records">
            {records.map((r) => (
              <RecordItem page={page} record={r} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="verify">
        <h2 id="verify">{t('archive.verify.heading')}</h2>
        <p>{t('archive.verify.lead')}</p>
        <pre>
          <code>{command}</code>
        </pre>
        <p>{t('archive.verify.key')}</p>
        <pre>
          <code>{verifierKey}</code>
        </pre>
        <h3>{t('archive.files.heading')}</h3>
        <ul>
          <li>
            <a href="/archive/checkpoint">{t('archive.files.checkpoint')}</a>
          </li>
          <li>
            <a href="/archive/log.vkey">{t('archive.files.vkey')}</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

function RecordItem(props: { page: PageInfo; record: RecordView }) {
  const { page, record } = props;
  const { t } = page;
  return (
    <li>
      <p class="meta">
        <RecordIndex page={page} index={record.index} label={t('archive.record.index', { index: record.index })} />{' '}
        <strong>{typeLabel(page, record.type)}</strong>{' '}
        <When page={page} at={record.at} />
      </p>
      <RecordBody page={page} record={record} />
    </li>
  );
}

function typeLabel(page: PageInfo, type: string): string {
  if (type === 'statement') return page.t('archive.type.statement');
  if (type === 'redaction') return page.t('archive.type.redaction');
  return type;
}

function RecordBody(props: { page: PageInfo; record: RecordView }) {
  const { page, record } = props;
  const fields = record.record;
  if (record.type === 'statement' && Array.isArray(fields.documents)) {
    return (
      <ul class="docs">
        {fields.documents.map((d: unknown) => (
          <DocumentItem page={page} doc={asFields(d)} />
        ))}
      </ul>
    );
  }
  if (record.type === 'redaction') {
    return (
      <p>
        {reasonLabel(page, fields.reason)} <code>{String(fields.sha256 ?? '')}</code>
      </p>
    );
  }
  const { type: _type, at: _at, ...rest } = fields;
  return <pre>{JSON.stringify(rest, null, 2)}</pre>;
}

function DocumentItem(props: { page: PageInfo; doc: Record<string, unknown> }) {
  const { page, doc } = props;
  const name = typeof doc.name === 'string' && doc.name !== '' ? doc.name : page.t('archive.record.unnamed');
  const size = typeof doc.size === 'number' ? doc.size : 0;
  return (
    <li>
      <bdi class="name">{name}</bdi> <code class="detail">{String(doc.mediaType ?? '')}</code>{' '}
      <span class="detail">{page.t('archive.record.size', { size })}</span> <HashLink sha256={doc.sha256} />
    </li>
  );
}

/** A link to a document by hash, only for a well-formed hash: the record is untrusted input. */
function HashLink(props: { sha256: unknown }) {
  const h = props.sha256;
  if (typeof h !== 'string' || !SHA256_HEX.test(h)) return <code>{String(h ?? '')}</code>;
  return (
    <a href={`/archive/doc/sha256/${h}`}>
      <code>{h}</code>
    </a>
  );
}

function reasonLabel(page: PageInfo, reason: unknown): string {
  if (reason === 'safety') return page.t('archive.reason.safety');
  if (reason === 'legal') return page.t('archive.reason.legal');
  if (reason === 'error') return page.t('archive.reason.error');
  return page.t('archive.reason.other', { reason: isolate(String(reason)) });
}

function asFields(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
