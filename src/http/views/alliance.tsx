/**
 * /alliances/:slug: the alliance as its parties and the public see it — parties with standing,
 * the covenant in force (in the reader's language, fallbacks marked), the proposal awaiting
 * signatures, the renewal rhythm (a lapsed covenant is said loudly, first), every version, and
 * the alliance's records in the archive.
 */
import type { AllianceView } from '../../services/alliances.js';
import type { VersionSummary } from '../../services/covenants.js';
import type { RecordView } from '../../services/records.js';
import type { RenewalStatusView } from '../../services/renewals.js';
import type { Covenant } from '../../domain/covenant/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { AllianceRecords } from './alliance-records.js';
import {
  Badge,
  CovenantText,
  Csrf,
  Notice,
  Refusal,
  When,
  allianceStatusLabel,
  renewalPath,
  renewalStatusLabel,
  standingLabel,
  versionPath,
  versionStatusLabel,
} from './covenant-parts.js';
import { Columns } from './columns.js';

export interface AlliancePageData {
  alliance: AllianceView;
  renewals: RenewalStatusView;
  /** the ratified covenant, when there is one */
  covenant: Covenant | null;
  versions: VersionSummary[];
  records: RecordView[];
  /** each party's local actions and commitments abroad in the current audit cycle */
  mirroring?: { party: string; local: number; abroad: number; reminder: boolean }[];
  /** an admin or delegate of a party: may draft and open a renewal */
  canAct: boolean;
  csrf: string | null;
  error?: string | null;
  notice?: string | null;
}

export function AlliancePage(props: { page: PageInfo } & AlliancePageData) {
  const { page, alliance, renewals, covenant, versions, records, canAct, csrf, error, notice, mirroring } = props;
  const { t } = page;
  const a = alliance;
  return (
    <Layout page={page} title={a.name}>
      <h1>
        <bdi>{a.name}</bdi>
      </h1>
      {a.status === 'lapsed' ? <Lapsed page={page} renewals={renewals} /> : null}
      <p>
        {t('alliance.field.status')} <Badge kind={a.status} label={allianceStatusLabel(page, a.status)} />
      </p>
      <Notice text={notice ?? null} />
      <Refusal page={page} reason={error} />

      <section aria-labelledby="parties">
        <h2 id="parties">{t('alliance.parties.heading')}</h2>
        <ul>
          {a.parties.map((p) => (
            <li>
              <a href={`/orgs/${p.organization}`}>
                <bdi>{p.name}</bdi>
              </a>{' '}
              {t('alliance.parties.standing')} <Badge kind={p.standing} label={standingLabel(page, p.standing)} />
              <MirroringLine page={page} row={mirroring?.find((m) => m.party === p.organization)} />
            </li>
          ))}
        </ul>
        <p>
          <a href={`/alliances/${a.slug}/health`}>{t('health.link')}</a>
        </p>
      </section>

      {a.proposed ? (
        <section aria-labelledby="proposed">
          <h2 id="proposed">{t('alliance.proposed.heading', { version: a.proposed.version })}</h2>
          <p>{t('alliance.proposed.signed', { count: a.proposed.signed.length, parties: isolate(a.proposed.signed.join(', ')) })}</p>
          <p>{t('alliance.proposed.missing', { count: a.proposed.missing.length, parties: isolate(a.proposed.missing.join(', ')) })}</p>
          <p>
            <a class="button" href={`${versionPath(a.slug, a.proposed.version)}/sign`}>
              {t('covenant.sign.link')}
            </a>
          </p>
        </section>
      ) : null}

      <RenewalSummary page={page} alliance={a} renewals={renewals} canAct={canAct} csrf={csrf} />

      <section aria-labelledby="covenant">
        <h2 id="covenant">{t('alliance.covenant.heading')}</h2>
        {covenant && a.ratified ? (
          <>
            <p>
              {t('alliance.covenant.ratified', { version: a.ratified.version })} <When page={page} at={a.ratified.ratifiedAt} />{' '}
              <a href={versionPath(a.slug, a.ratified.version)}>{t('alliance.covenant.details')}</a>
            </p>
            <CovenantText covenant={covenant} locale={page.locale} />
          </>
        ) : (
          <p>{t('alliance.covenant.none')}</p>
        )}
      </section>

      {a.ratified ? (
        <section aria-labelledby="audits">
          <h2 id="audits">{t('alliance.audits.heading')}</h2>
          <ul>
            <li>
              <a href={`/alliances/${a.slug}/cycles`}>{t('alliance.audits.cycles')}</a>
            </li>
            <li>
              <a href={`/alliances/${a.slug}/warnings`}>{t('alliance.warnings.link')}</a>
            </li>
            <li>
              <a href={`/alliances/${a.slug}/lessons`}>{t('alliance.lessons.link')}</a>
            </li>
            <li>
              <a href={`/alliances/${a.slug}/calendar.ics`} type="text/calendar">
                {t('alliance.audits.subscribe')}
              </a>
            </li>
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="support">
        <h2 id="support">{t('alliance.support.heading')}</h2>
        <ul>
          <li>
            <a href={`/alliances/${a.slug}/support`}>{t('support.heading')}</a>
          </li>
          <li>
            <a href={`/alliances/${a.slug}/local`}>{t('local.heading')}</a>
          </li>
        </ul>
      </section>

      <Versions page={page} slug={a.slug} versions={versions} canAct={canAct} />

      <section aria-labelledby="records">
        <h2 id="records">{t('alliance.records.heading')}</h2>
        <AllianceRecords page={page} records={records} />
        <p>
          <a href="/archive">{t('alliance.records.verify')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** Said first and loudly: the covenant is no longer in force. */
function Lapsed(props: { page: PageInfo; renewals: RenewalStatusView }) {
  const { page, renewals } = props;
  const { t } = page;
  const lapsed = [...renewals.renewals].reverse().find((r) => r.status === 'lapsed');
  return (
    <div class="lapsed" role="alert">
      <p class="big">{t('alliance.lapsed.banner')}</p>
      {lapsed ? (
        <p>
          {t('alliance.lapsed.detail', { renewal: lapsed.number, parties: isolate(lapsed.missing.join(', ')) })}{' '}
          <When page={page} at={lapsed.lapsesAt} />
        </p>
      ) : null}
      <p>{t('alliance.lapsed.remedy')}</p>
    </div>
  );
}

function RenewalSummary(props: { page: PageInfo; alliance: AllianceView; renewals: RenewalStatusView; canAct: boolean; csrf: string | null }) {
  const { page, alliance, renewals, canAct, csrf } = props;
  const { t } = page;
  if (renewals.version === null) return null;
  const latest = renewals.renewals[renewals.renewals.length - 1];
  return (
    <section aria-labelledby="renewal">
      <h2 id="renewal">{t('renewal.heading')}</h2>
      {renewals.cadence ? <p>{t('renewal.cadence', { every: renewals.cadence.every, unit: renewals.cadence.unit })}</p> : null}
      {latest ? (
        <p>
          <a href={renewalPath(alliance.slug, latest.number)}>{t('renewal.title', { renewal: latest.number })}</a>{' '}
          <Badge kind={latest.status} label={renewalStatusLabel(page, latest.status)} /> {t('renewal.due')} <When page={page} at={latest.dueAt} />
        </p>
      ) : null}
      {renewals.next ? (
        <p>
          {t('renewal.next', { renewal: renewals.next.renewal })} <When page={page} at={renewals.next.dueAt} />
        </p>
      ) : null}
      {canAct && csrf && renewals.next && alliance.status !== 'lapsed' ? (
        <form method="post" action={`/alliances/${alliance.slug}/renewals`} class="inline">
          <Csrf token={csrf} />
          <button type="submit">{t('renewal.open')}</button>
        </form>
      ) : null}
    </section>
  );
}

function Versions(props: { page: PageInfo; slug: string; versions: VersionSummary[]; canAct: boolean }) {
  const { page, slug, versions, canAct } = props;
  const { t } = page;
  const latest = versions[versions.length - 1];
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">{t('alliance.versions.heading')}</h2>
      {versions.length === 0 ? (
        <p>{t('alliance.versions.none')}</p>
      ) : (
        <div class="scroll">
          <table>
            <Columns
              labels={[
                t('alliance.versions.version'),
                t('alliance.versions.status'),
                t('alliance.versions.author'),
                t('alliance.versions.created'),
              ]}
            />
            <tbody>
              {[...versions].reverse().map((v) => (
                <tr>
                  <th scope="row">
                    <a href={versionPath(slug, v.version)}>{t('covenant.version.short', { version: v.version })}</a>
                  </th>
                  <td>
                    <Badge kind={v.status} label={versionStatusLabel(page, v.status)} />
                  </td>
                  <td>
                    <a href={`/orgs/${v.author}`}>
                      <code>{v.author}</code>
                    </a>
                  </td>
                  <td>
                    <When page={page} at={v.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {versions.length >= 2 ? <DiffChooser page={page} slug={slug} versions={versions} /> : null}
      {canAct ? (
        <p>
          <a class="button" href={`/alliances/${slug}/covenant/new${latest ? `?from=${latest.version}` : ''}`}>
            {latest ? t('covenant.edit.amendLatest') : t('covenant.edit.fromTemplate')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** A GET form: comparing two versions works with JavaScript off. */
export function DiffChooser(props: { page: PageInfo; slug: string; versions: { version: number }[]; a?: number; b?: number }) {
  const { page, slug, versions } = props;
  const { t } = page;
  const a = props.a ?? versions[versions.length - 2]?.version;
  const b = props.b ?? versions[versions.length - 1]?.version;
  return (
    <form method="get" action={`/alliances/${slug}/covenant/diff`} class="row">
      <label for="diff-a">{t('covenant.diff.from')}</label>
      <select id="diff-a" name="a">
        {versions.map((v) => (
          <option value={String(v.version)} selected={v.version === a}>
            {t('covenant.version.short', { version: v.version })}
          </option>
        ))}
      </select>
      <label for="diff-b">{t('covenant.diff.to')}</label>
      <select id="diff-b" name="b">
        {versions.map((v) => (
          <option value={String(v.version)} selected={v.version === b}>
            {t('covenant.version.short', { version: v.version })}
          </option>
        ))}
      </select>
      <button type="submit">{t('covenant.diff.compare')}</button>
    </form>
  );
}

/** "Mirror risk locally": the party's actions at home beside its commitments abroad, this cycle. */
function MirroringLine(props: { page: PageInfo; row: { local: number; abroad: number; reminder: boolean } | undefined }) {
  const { page, row } = props;
  if (row === undefined) return null;
  const { t } = page;
  return (
    <>
      {' · '}
      {t('alliance.parties.local', { local: row.local, abroad: row.abroad })}
      {row.reminder ? <strong> — {t('alliance.parties.localReminder')}</strong> : null}
    </>
  );
}
