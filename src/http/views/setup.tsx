/**
 * /setup: the guided setup (services/setup-views.ts), a checklist from the first accounts to the
 * first audit cycle. Each step says why it matters (in the essay's words where they fit), whether
 * it is done, next or later, and either links to the form that takes it — when the reader may use
 * that form — or says who may. The page itself has no form: every step is taken on the page that
 * already does it, so nothing here can drift from those rules.
 *
 * Each step is an <li data-step data-state>, so tests (and anyone scripting the page) read its
 * state without parsing words; the state is also a visible word (Badge), never a colour alone.
 */
import type { Child } from 'hono/jsx';
import type { AllianceSetup, OrganizationSetup, SetupGuide, StepState, TriadRule } from '../../services/setup-views.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Badge, versionPath } from './covenant-parts.js';
import { AllianceCard } from './home.js';

export function SetupPage(props: { page: PageInfo; guide: SetupGuide | null }) {
  const { page, guide } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      {guide === null ? (
        <p class="lead">
          {t('setup.signedOut')} <a href="/login">{t('layout.nav.login')}</a>
        </p>
      ) : (
        <>
          <p class="lead">{t('setup.lead')}</p>
          <InstanceSteps page={page} guide={guide} />
          {guide.firstAlliance ? <FirstAlliance page={page} state={guide.firstAlliance.state} may={guide.mayCreateAlliance} /> : null}
          {guide.forming.map((a) => (
            <FormingAlliance page={page} alliance={a} organizations={guide.instance.organizationList} />
          ))}
          {guide.running.length > 0 ? (
            <section aria-labelledby="running">
              <h2 id="running">{t('setup.running.heading')}</h2>
              <p>{t('setup.running.lead')}</p>
              {guide.running.map((a) => (
                <AllianceCard
                  page={page}
                  alliance={{ slug: a.slug, name: a.name, status: a.status, parties: a.parties.length, covenant: a.covenant.ratified ?? a.covenant.proposed, renewal: a.renewal }}
                />
              ))}
            </section>
          ) : null}
          {guide.firstAlliance === null && guide.mayCreateAlliance ? (
            <p>
              <a href="/alliances/new">{t('setup.another')}</a>
            </p>
          ) : null}
        </>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- pieces

function stateLabel(page: PageInfo, state: StepState): string {
  const { t } = page;
  switch (state) {
    case 'done':
      return t('setup.state.done');
    case 'next':
      return t('setup.state.next');
    case 'later':
      return t('setup.state.later');
  }
}

/** One step: its title with its state, why it matters, then what there is to do. */
function Step(props: { page: PageInfo; n: number; id: string; state: StepState; title: string; why: string; children?: Child }) {
  const { page, n, id, state, title, why, children } = props;
  return (
    <li id={id} data-step={n} data-state={state}>
      <h3>
        {title} <Badge kind={state} label={stateLabel(page, state)} />
      </h3>
      <p>{why}</p>
      {children}
    </li>
  );
}

/** A link to the form when the reader may use it; otherwise who may, in words. */
function ActInline(props: { may: boolean; href: string; label: string; who: string }) {
  return props.may ? <a href={props.href}>{props.label}</a> : <span class="detail">{props.who}</span>;
}

/** The same, as a paragraph of its own. */
function Act(props: { may: boolean; href: string; label: string; who: string }) {
  return (
    <p>
      <ActInline {...props} />
    </p>
  );
}

function OrgName(props: { org: { slug: string; name: string } }) {
  return (
    <a href={`/orgs/${props.org.slug}`}>
      <bdi>{props.org.name}</bdi>
    </a>
  );
}

function TriadRuleText(props: { page: PageInfo; rule: TriadRule }) {
  const { t } = props.page;
  const { size, officeholderQuota: quota } = props.rule;
  return <p>{quota === null ? t('setup.triad.rule', { size }) : t('setup.triad.ruleQuota', { size, quota })}</p>;
}

/** The organizations a step still waits for, each with what it lacks and what to do. */
function Waiting(props: { orgs: OrganizationSetup[]; lacks: (o: OrganizationSetup) => string; act: (o: OrganizationSetup) => Child }) {
  return (
    <ul>
      {props.orgs.map((o) => (
        <li>
          <OrgName org={o} />: {props.lacks(o)} — {props.act(o)}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------- steps 1–5

function InstanceSteps(props: { page: PageInfo; guide: SetupGuide }) {
  const { page } = props;
  const { t } = page;
  const s = props.guide.instance;
  const orgs = s.organizationList;
  const noRoles = orgs.filter((o) => !o.hasAdmin || !o.hasDelegate);
  const noKey = orgs.filter((o) => o.keys === 0);
  const fewMembers = orgs.filter((o) => !o.triadReady);
  return (
    <section aria-labelledby="instance">
      <h2 id="instance">{t('setup.instance.heading')}</h2>
      <ol>
        <Step page={page} n={1} id="step-1" state={s.accounts.state} title={t('setup.step1.title')} why={t('setup.step1.why')}>
          <p>{t('setup.step1.count', { count: s.accounts.total })}</p>
          <Act may={s.accounts.mayCreate} href="/account#accounts" label={t('setup.step1.link')} who={t('setup.step1.who')} />
        </Step>
        <Step page={page} n={2} id="step-2" state={s.organizations.state} title={t('setup.step2.title')} why={t('setup.step2.why')}>
          <p>{t('setup.step2.count', { count: s.organizations.count })}</p>
          <Act may={s.organizations.mayCreate} href="/orgs/new" label={t('setup.step2.link')} who={t('setup.step2.who')} />
        </Step>
        <Step page={page} n={3} id="step-3" state={s.roles} title={t('setup.step3.title')} why={t('setup.step3.why')}>
          {s.roles === 'done' ? (
            <p>{t('setup.step3.done')}</p>
          ) : (
            <Waiting
              orgs={noRoles}
              lacks={(o) => t('setup.step3.missing', { what: !o.hasAdmin && !o.hasDelegate ? 'both' : !o.hasAdmin ? 'admin' : 'delegate' })}
              act={(o) => <ActInline may={o.mayManage} href={`/orgs/${o.slug}#roles`} label={t('setup.step3.link')} who={t('setup.step3.who')} />}
            />
          )}
        </Step>
        <Step page={page} n={4} id="step-4" state={s.keys} title={t('setup.step4.title')} why={t('setup.step4.why')}>
          {s.keys === 'done' ? (
            <p>{t('setup.step4.done')}</p>
          ) : (
            <Waiting
              orgs={noKey}
              lacks={() => t('setup.step4.missing')}
              act={(o) => <ActInline may={o.mayManage} href={`/orgs/${o.slug}#keys`} label={t('setup.step4.link')} who={t('setup.step4.who')} />}
            />
          )}
        </Step>
        <Step page={page} n={5} id="step-5" state={s.members} title={t('setup.step5.title')} why={t('setup.step5.why')}>
          <TriadRuleText page={page} rule={s.triad} />
          {s.members === 'done' ? (
            <p>{t('setup.step5.done')}</p>
          ) : (
            <Waiting
              orgs={fewMembers}
              lacks={(o) => t('setup.step5.missing', { count: o.eligible })}
              act={(o) => <ActInline may={o.mayMembers} href={`/orgs/${o.slug}/members#add`} label={t('setup.step5.link')} who={t('setup.step5.who')} />}
            />
          )}
        </Step>
      </ol>
    </section>
  );
}

// ---------------------------------------------------------------- steps 6–9

function FirstAlliance(props: { page: PageInfo; state: StepState; may: boolean }) {
  const { page, state, may } = props;
  const { t } = page;
  return (
    <section aria-labelledby="first-alliance">
      <h2 id="first-alliance">{t('setup.first.heading')}</h2>
      <ol start={6}>
        <Step page={page} n={6} id="step-6" state={state} title={t('setup.step6.title')} why={t('setup.step6.why')}>
          <Act may={may} href="/alliances/new" label={t('setup.step6.link')} who={t('setup.step6.who')} />
        </Step>
        <Step page={page} n={7} id="step-7" state="later" title={t('setup.step7.title')} why={t('setup.step7.why')} />
        <Step page={page} n={8} id="step-8" state="later" title={t('setup.step8.title')} why={t('setup.step8.why')} />
        <Step page={page} n={9} id="step-9" state="later" title={t('setup.step9.title')} why={t('setup.step9.why')} />
      </ol>
    </section>
  );
}

function FormingAlliance(props: { page: PageInfo; alliance: AllianceSetup; organizations: OrganizationSetup[] }) {
  const { page, alliance: a, organizations } = props;
  const { t } = page;
  const base = `/alliances/${a.slug}`;
  const id = (n: number) => `${a.slug}-step-${n}`;
  const { draft, proposed, ratified } = a.covenant;
  return (
    <section aria-labelledby={`setup-${a.slug}`}>
      <h2 id={`setup-${a.slug}`}>
        <a href={base}>
          <bdi>{a.name}</bdi>
        </a>
      </h2>
      <ol start={6}>
        <Step page={page} n={6} id={id(6)} state={a.alliance} title={t('setup.step6.title')} why={t('setup.step6.why')}>
          <p>
            {t('setup.step6.parties')}{' '}
            {a.parties.map((p, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <OrgName org={p} />
              </>
            ))}
          </p>
        </Step>
        <Step page={page} n={7} id={id(7)} state={a.covenant.state} title={t('setup.step7.title')} why={t('setup.step7.why')}>
          {ratified !== null ? (
            <p>
              <a href={versionPath(a.slug, ratified)}>{t('setup.step7.ratified', { version: ratified })}</a>
            </p>
          ) : proposed !== null ? (
            <p>
              <a href={versionPath(a.slug, proposed)}>{t('setup.step7.proposed', { version: proposed })}</a>
            </p>
          ) : draft !== null ? (
            <>
              <p>{t('setup.step7.draft', { version: draft })}</p>
              <Act may={a.mayAct} href={versionPath(a.slug, draft)} label={t('setup.step7.proposeLink', { version: draft })} who={t('setup.step7.who')} />
            </>
          ) : (
            <>
              <p>{t('setup.step7.none')}</p>
              <Act may={a.mayAct} href={`${base}/covenant/new`} label={t('setup.step7.link')} who={t('setup.step7.who')} />
            </>
          )}
        </Step>
        <Step page={page} n={8} id={id(8)} state={a.signatures.state} title={t('setup.step8.title')} why={t('setup.step8.why')}>
          {ratified !== null ? (
            <p>{t('setup.step8.done', { version: ratified })}</p>
          ) : proposed !== null ? (
            <>
              <p>{t('setup.step8.count', { signed: a.signatures.signed.length, total: a.signatures.signed.length + a.signatures.missing.length })}</p>
              {a.signatures.missing.length > 0 ? (
                <p>
                  {t('setup.step8.missing')} <PartyNames alliance={a} slugs={a.signatures.missing} />
                </p>
              ) : null}
              <p>
                <a href={`${versionPath(a.slug, proposed)}/sign`}>{t('setup.step8.link', { version: proposed })}</a>
              </p>
              <p class="detail">{t('setup.step8.who')}</p>
            </>
          ) : (
            <p class="detail">{t('setup.step8.waiting')}</p>
          )}
        </Step>
        <Step page={page} n={9} id={id(9)} state={a.cycle.state} title={t('setup.step9.title')} why={t('setup.step9.why')}>
          {ratified === null || a.cycle.rhythm === null || a.cycle.triad === null ? (
            <p class="detail">{t('setup.step9.waiting')}</p>
          ) : (
            <>
              <p>{t('setup.step9.rhythm', { rhythm: a.cycle.rhythm })}</p>
              <TriadRuleText page={page} rule={a.cycle.triad} />
              {a.cycle.short.length > 0 ? (
                <>
                  <p>{t('setup.step9.short')}</p>
                  <Waiting
                    orgs={organizations.filter((o) => a.cycle.short.includes(o.slug))}
                    lacks={(o) => t('setup.step5.missing', { count: o.eligible })}
                    act={(o) => <ActInline may={o.mayMembers} href={`/orgs/${o.slug}/members#add`} label={t('setup.step5.link')} who={t('setup.step5.who')} />}
                  />
                </>
              ) : null}
              <Act may={a.mayAct} href={`${base}/cycles#open`} label={t('setup.step9.link')} who={t('setup.step9.who')} />
            </>
          )}
        </Step>
      </ol>
    </section>
  );
}

function PartyNames(props: { alliance: AllianceSetup; slugs: string[] }) {
  const byslug = new Map(props.alliance.parties.map((p) => [p.slug, p]));
  return (
    <>
      {props.slugs.map((s, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <OrgName org={byslug.get(s) ?? { slug: s, name: s }} />
        </>
      ))}
    </>
  );
}
