/**
 * Pieces shared by the covenant pages (issue 3): the csrf field, refusal boxes, status words,
 * dates, archive document links, and the covenant text itself.
 *
 * The covenant text comes from the domain's covenantHtmlFragment, which escapes every user text
 * and attribute (domain/covenant/render.ts, property-tested); it is the one place these pages
 * insert markup that JSX did not build. Reasons from services are English one-liners: they are
 * marked lang="en" so a screen reader reading an Arabic page switches voice for them.
 */
import type { AllianceStatus, RenewalStatus, StandingValue, VersionStatus } from '../../store/schema.js';
import { covenantHtmlFragment, type Covenant } from '../../domain/covenant/index.js';
import type { PageInfo } from './page.js';
import { SHA256_HEX, formatInstant } from './format.js';

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="csrf" value={props.token} />;
}

/** A refusal from a service: what went wrong, in the service's words (English). */
export function Refusal(props: { page: PageInfo; id?: string; reason: string | null | undefined }) {
  if (!props.reason) return null;
  return (
    <div class="error" role="alert" id={props.id}>
      <p>{props.page.t('covenant.refused')}</p>
      <p lang="en" dir="ltr">
        {props.reason}
      </p>
    </div>
  );
}

/** A fixed, translated notice after a redirect (?done=…): only known values are shown. */
export function Notice(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <p class="notice" role="status">
      {props.text}
    </p>
  );
}

export function When(props: { page: PageInfo; at: string | null | undefined }) {
  if (!props.at) return null;
  return <time datetime={props.at}>{formatInstant(props.page.locale, props.at, props.page.timeZone)}</time>;
}

export function versionStatusLabel(page: PageInfo, status: VersionStatus): string {
  const { t } = page;
  switch (status) {
    case 'draft':
      return t('covenant.status.draft');
    case 'proposed':
      return t('covenant.status.proposed');
    case 'ratified':
      return t('covenant.status.ratified');
    case 'superseded':
      return t('covenant.status.superseded');
  }
}

export function allianceStatusLabel(page: PageInfo, status: AllianceStatus): string {
  const { t } = page;
  switch (status) {
    case 'forming':
      return t('alliance.status.forming');
    case 'active':
      return t('alliance.status.active');
    case 'lapsed':
      return t('alliance.status.lapsed');
  }
}

export function standingLabel(page: PageInfo, standing: StandingValue): string {
  const { t } = page;
  switch (standing) {
    case 'good':
      return t('alliance.standing.good');
    case 'review':
      return t('alliance.standing.review');
    case 'warned':
      return t('alliance.standing.warned');
    case 'restored':
      return t('alliance.standing.restored');
    case 'disengaged':
      return t('alliance.standing.disengaged');
  }
}

export function renewalStatusLabel(page: PageInfo, status: RenewalStatus): string {
  const { t } = page;
  switch (status) {
    case 'open':
      return t('renewal.status.open');
    case 'published':
      return t('renewal.status.published');
    case 'lapsed':
      return t('renewal.status.lapsed');
    case 'superseded':
      return t('renewal.status.superseded');
  }
}

/** A status word with a class for its mark; the word itself carries the meaning, not the colour. */
export function Badge(props: { kind: string; label: string }) {
  return <strong class={`badge ${props.kind}`}>{props.label}</strong>;
}

/** A document in the archive, by hash; only a well-formed hash becomes a link. */
export function DocLink(props: { sha256: string; name?: string; mediaType?: string }) {
  const { sha256, name, mediaType } = props;
  const label = name ? <bdi>{name}</bdi> : <code>{sha256.slice(0, 16)}</code>;
  if (!SHA256_HEX.test(sha256)) return label;
  return (
    <>
      <a href={`/archive/doc/sha256/${sha256}`}>{label}</a>
      {mediaType ? (
        <>
          {' '}
          <code class="detail">{mediaType}</code>
        </>
      ) : null}
    </>
  );
}

/** The covenant in the reader's language; missing translations show the original, marked [xx]. */
export function CovenantText(props: { covenant: Covenant; locale: string }) {
  return <div class="covenant-text" dangerouslySetInnerHTML={{ __html: covenantHtml(props.covenant, props.locale) }} />;
}

/**
 * A stored covenant (frozen: services/covenants.ts storedCovenant) is drawn once per language and
 * kept while it is; a covenant being edited is drawn each time.
 */
const drawnCovenants = new WeakMap<Covenant, Map<string, string>>();
function covenantHtml(covenant: Covenant, locale: string): string {
  if (!Object.isFrozen(covenant)) return covenantHtmlFragment(covenant, locale);
  let byLocale = drawnCovenants.get(covenant);
  if (byLocale === undefined) drawnCovenants.set(covenant, (byLocale = new Map()));
  let html = byLocale.get(locale);
  if (html === undefined) byLocale.set(locale, (html = covenantHtmlFragment(covenant, locale)));
  return html;
}

/** Text someone wrote, shown with its line breaks; isolated so its direction does not leak. */
export function Prose(props: { text: string; lang?: string | null }) {
  return (
    <p class="prose" dir="auto" lang={props.lang ?? undefined}>
      {props.text}
    </p>
  );
}

export const versionPath = (alliance: string, n: number): string => `/alliances/${alliance}/covenant/versions/${n}`;
export const renewalPath = (alliance: string, n: number): string => `/alliances/${alliance}/renewals/${n}`;
