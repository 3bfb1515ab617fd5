/**
 * Who signed: party, key name and id, whether the stored note verifies, and the archived note;
 * while signatures are being collected (`waiting`), who is still missing.
 */
import type { SignatureView } from '../../services/covenant-views.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Badge, DocLink, When } from './covenant-parts.js';

export function Signatures(props: { page: PageInfo; signatures: SignatureView[]; parties: readonly string[]; waiting: boolean }) {
  const { page, signatures, parties, waiting } = props;
  const { t } = page;
  const missing = parties.filter((p) => !signatures.some((s) => s.party === p));
  return (
    <>
      {signatures.length === 0 ? (
        <p>{t('covenant.signatures.none')}</p>
      ) : (
        <ul class="signatures">
          {signatures.map((s) => (
            <li>
              <a href={`/orgs/${s.party}`}>
                <code>{s.party}</code>
              </a>{' '}
              {s.verified ? <Badge kind="verified" label={t('covenant.signatures.verified')} /> : <Badge kind="error" label={t('covenant.signatures.unverified')} />}{' '}
              <When page={page} at={s.signedAt} />
              <br />
              <span class="detail">{t('covenant.signatures.key', { key: isolate(`${s.keyName}+${s.keyId}`) })}</span>{' '}
              <DocLink sha256={s.noteSha256} name={t('covenant.signatures.note')} />
            </li>
          ))}
        </ul>
      )}
      {waiting && missing.length > 0 ? <p>{t('alliance.proposed.missing', { count: missing.length, parties: isolate(missing.join(', ')) })}</p> : null}
    </>
  );
}
