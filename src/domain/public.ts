/**
 * The public/private line. The archive is permanent and mirrored: whatever enters it cannot be
 * recalled. Each record type has exactly one function here that picks its public fields, and
 * the ledger accepts nothing else (PublicRecord is branded). Private fields — real names,
 * contacts, credentials, evidence — have no parameter to travel through.
 */
declare const brand: unique symbol;

/** A record as it enters the ledger: {"type", "at", ...public fields}. */
export type PublicRecord = { readonly type: string; readonly at: string } & { readonly [brand]: true } & Record<
    string,
    unknown
  >;

/** A document named by a record: stored by content hash, served at doc/sha256/<hex>. */
export interface DocumentRef {
  sha256: string;
  mediaType: string;
  size: number;
  name?: string;
}

function record(type: string, at: Date, fields: Record<string, unknown>): PublicRecord {
  return { type, at: at.toISOString(), ...fields } as unknown as PublicRecord;
}

/** A public statement: any document a party or the instance chooses to archive. */
export function statementRecord(at: Date, doc: DocumentRef): PublicRecord {
  const d: Record<string, unknown> = { sha256: doc.sha256, mediaType: doc.mediaType, size: doc.size };
  if (doc.name !== undefined) d.name = doc.name;
  return record('statement', at, { documents: [d] });
}

export type RedactionReason = 'safety' | 'legal' | 'error';
export const REDACTION_REASONS: readonly RedactionReason[] = ['safety', 'legal', 'error'];

/** Loud erasure: the record names the hash and the reason category, never the content. */
export function redactionRecord(at: Date, sha256: string, reason: RedactionReason): PublicRecord {
  return record('redaction', at, { sha256, reason });
}

// ---------------------------------------------------------------- covenants (issue 3)
// Members have no record here on purpose: a member is private (real name, contact) and may
// appear publicly later only by pseudonym, in a triad. Testimonies enter only inside a renewal's
// published document, with a pseudonym or with no name at all.

function docs(documents: readonly DocumentRef[]): Record<string, unknown>[] {
  return documents.map((doc) => {
    const d: Record<string, unknown> = { sha256: doc.sha256, mediaType: doc.mediaType, size: doc.size };
    if (doc.name !== undefined) d.name = doc.name;
    return d;
  });
}

/** An organization's public profile, as it stands after the event. */
export interface OrganizationPublic {
  slug: string;
  name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  jurisdiction: string;
  /** BCP 47 tags */
  languages: readonly string[];
  /** IANA time zone */
  timeZone: string;
  description: string;
  /** the delegates' active verifier keys (C2SP signed-note) */
  verifierKeys: readonly string[];
}

export type OrganizationEvent = 'created' | 'updated' | 'key-added' | 'key-revoked';

/** Created, updated, or its delegate keys changed: the whole public profile each time. */
export function organizationRecord(
  at: Date,
  event: OrganizationEvent,
  org: OrganizationPublic,
  key?: string,
): PublicRecord {
  const { slug, name, country, jurisdiction, languages, timeZone, description, verifierKeys } = org;
  return record('organization', at, {
    event,
    slug,
    name,
    country,
    jurisdiction,
    languages: [...languages],
    timeZone,
    description,
    verifierKeys: [...verifierKeys],
    ...(key !== undefined ? { key } : {}),
  });
}

/** A new alliance and the organizations founding it (parties change only by ratified versions). */
export function allianceRecord(at: Date, alliance: { slug: string; name: string; parties: readonly string[] }): PublicRecord {
  return record('alliance', at, { event: 'created', slug: alliance.slug, name: alliance.name, parties: [...alliance.parties] });
}

/** A draft or amendment, shown to the other parties, so the history of revisions is public. */
export function covenantDraftRecord(
  at: Date,
  draft: {
    alliance: string;
    version: number;
    author: string;
    rationale: string;
    basedOn: number | null;
    sha256: string;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record('covenant.draft', at, {
    alliance: draft.alliance,
    version: draft.version,
    author: draft.author,
    rationale: draft.rationale,
    ...(draft.basedOn !== null ? { basedOn: draft.basedOn } : {}),
    sha256: draft.sha256,
    documents: docs(draft.documents),
  });
}

/** A version proposed for signature: documents[0] is the canonical JSON whose SHA-256 is signed. */
export function covenantProposedRecord(
  at: Date,
  p: { alliance: string; version: number; sha256: string; parties: readonly string[]; documents: readonly DocumentRef[] },
): PublicRecord {
  return record('covenant.proposed', at, {
    alliance: p.alliance,
    version: p.version,
    sha256: p.sha256,
    parties: [...p.parties],
    documents: docs(p.documents),
  });
}

/**
 * One party's signature (renewal 0) or re-signature (renewal n). The document is the signed note
 * itself: anyone verifies it with a plain C2SP verifier and the key named here.
 */
export function covenantSignatureRecord(
  at: Date,
  s: {
    alliance: string;
    version: number;
    renewal: number;
    sha256: string;
    party: string;
    verifierKey: string;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record(s.renewal === 0 ? 'covenant.signature' : 'renewal.signature', at, {
    alliance: s.alliance,
    version: s.version,
    ...(s.renewal === 0 ? {} : { renewal: s.renewal }),
    sha256: s.sha256,
    party: s.party,
    verifierKey: s.verifierKey,
    documents: docs(s.documents),
  });
}

/** Every party signed: the note with all their signatures is the document. */
export function covenantRatifiedRecord(
  at: Date,
  r: {
    alliance: string;
    version: number;
    sha256: string;
    parties: readonly string[];
    joined: readonly string[];
    left: readonly string[];
    supersedes: number | null;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record('covenant.ratified', at, {
    alliance: r.alliance,
    version: r.version,
    sha256: r.sha256,
    parties: [...r.parties],
    joined: [...r.joined],
    left: [...r.left],
    ...(r.supersedes !== null ? { supersedes: r.supersedes } : {}),
    documents: docs(r.documents),
  });
}

/** A ratified version replaced by a newer ratified one, or a proposal replaced by a newer proposal. */
export function covenantSupersededRecord(
  at: Date,
  s: { alliance: string; version: number; by: number; was: 'proposed' | 'ratified' },
): PublicRecord {
  return record('covenant.superseded', at, { alliance: s.alliance, version: s.version, by: s.by, was: s.was });
}

/** A renewal opens: the ratified covenant is restated (its documents named again). */
export function renewalOpenedRecord(
  at: Date,
  r: {
    alliance: string;
    version: number;
    renewal: number;
    sha256: string;
    dueAt: Date;
    lapsesAt: Date;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record('renewal.opened', at, {
    alliance: r.alliance,
    version: r.version,
    renewal: r.renewal,
    sha256: r.sha256,
    dueAt: r.dueAt.toISOString(),
    lapsesAt: r.lapsesAt.toISOString(),
    documents: docs(r.documents),
  });
}

/** Every party re-signed: the testimonies (public by pseudonym or anonymous) and the joint note. */
export function renewalPublishedRecord(
  at: Date,
  r: {
    alliance: string;
    version: number;
    renewal: number;
    sha256: string;
    parties: readonly string[];
    testimonies: number;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record('renewal.published', at, {
    alliance: r.alliance,
    version: r.version,
    renewal: r.renewal,
    sha256: r.sha256,
    parties: [...r.parties],
    testimonies: r.testimonies,
    documents: docs(r.documents),
  });
}

/** Not renewed by its due date plus grace: the covenant lapses, publicly, naming who had not re-signed. */
export function renewalLapsedRecord(
  at: Date,
  r: {
    alliance: string;
    version: number;
    renewal: number;
    dueAt: Date;
    lapsesAt: Date;
    signed: readonly string[];
    missing: readonly string[];
  },
): PublicRecord {
  return record('renewal.lapsed', at, {
    alliance: r.alliance,
    version: r.version,
    renewal: r.renewal,
    dueAt: r.dueAt.toISOString(),
    lapsesAt: r.lapsesAt.toISOString(),
    signed: [...r.signed],
    missing: [...r.missing],
    status: 'lapsed',
  });
}

// ---------------------------------------------------------------- audits (issue 4)
// A cycle opens with three kinds of record, in this order in one transaction: `draw-announced`
// (the random sources, fixed before anything is drawn), one `triad` per party (everything needed
// to re-run its draw: `daylight draw` with the sources and the pool gives the order, and the
// rotation rule of domain/audit/triads.ts with servedBefore, size and quotas gives the triad),
// then `cycle` (who reviews whom). Members appear only by pseudonym; whether a pool member holds
// office is public because the quota that limits officeholders must be checkable.
// A finalized scorecard is one `scorecard` record naming its HTML, JSON and PDF; ratings' notes
// are in the documents, evidence references nowhere.

/** The random sources of a cycle's draws, announced before the draws in the same transaction. */
export function drawAnnouncedRecord(
  at: Date,
  d: {
    alliance: string;
    rhythm: string;
    cycle: number;
    start: string;
    end: string;
    checkpoint: { size: number; root: string };
    sources: readonly string[];
  },
): PublicRecord {
  return record('draw-announced', at, {
    alliance: d.alliance,
    rhythm: d.rhythm,
    cycle: d.cycle,
    start: d.start,
    end: d.end,
    checkpoint: { size: d.checkpoint.size, root: d.checkpoint.root },
    sources: [...d.sources],
  });
}

/** One party's triad, drawn by RFC 3797 lot: enough to re-run the draw from this record alone. */
export function triadRecord(
  at: Date,
  t: {
    alliance: string;
    cycle: number;
    party: string;
    sources: readonly string[];
    key: string;
    pool: readonly string[];
    officeholders: readonly string[];
    servedBefore: readonly string[];
    size: number;
    quotas: { officeholder?: number };
    triad: readonly string[];
    newRound: boolean;
  },
): PublicRecord {
  return record('triad', at, {
    alliance: t.alliance,
    cycle: t.cycle,
    party: t.party,
    sources: [...t.sources],
    key: t.key,
    pool: [...t.pool],
    officeholders: [...t.officeholders],
    servedBefore: [...t.servedBefore],
    size: t.size,
    quotas: t.quotas.officeholder === undefined ? {} : { officeholder: t.quotas.officeholder },
    triad: [...t.triad],
    newRound: t.newRound,
  });
}

/** A cycle opened: its bounds, the covenant version whose audit rules apply, who reviews whom. */
export function cycleRecord(
  at: Date,
  c: {
    alliance: string;
    rhythm: string;
    cycle: number;
    start: string;
    end: string;
    version: number;
    assignment: { kind: string; reviewers?: number };
    assignments: readonly { reviewer: string; reviewee: string }[];
  },
): PublicRecord {
  return record('cycle', at, {
    alliance: c.alliance,
    rhythm: c.rhythm,
    cycle: c.cycle,
    start: c.start,
    end: c.end,
    version: c.version,
    assignment: c.assignment.reviewers === undefined ? { kind: c.assignment.kind } : { kind: c.assignment.kind, reviewers: c.assignment.reviewers },
    assignments: c.assignments.map((a) => ({ reviewer: a.reviewer, reviewee: a.reviewee })),
  });
}

/** A finalized scorecard: the figures, the raters by pseudonym, and its documents (HTML, JSON, PDF). */
export function scorecardRecord(
  at: Date,
  s: {
    alliance: string;
    rhythm: string;
    cycle: number;
    reviewer: string;
    reviewee: string;
    lang: string;
    raters: readonly string[];
    dimensions: readonly { id: string; median: number; min: number; max: number; n: number }[];
    alpha: number | null;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record('scorecard', at, {
    alliance: s.alliance,
    rhythm: s.rhythm,
    cycle: s.cycle,
    reviewer: s.reviewer,
    reviewee: s.reviewee,
    lang: s.lang,
    raters: [...s.raters],
    dimensions: s.dimensions.map((d) => ({ id: d.id, median: d.median, min: d.min, max: d.max, n: d.n })),
    alpha: s.alpha,
    documents: docs(s.documents),
  });
}

// ---------------------------------------------------------------- grassroots feedback (issue 4 §5)
// Feedback is public: it answers a public scorecard. Its text and the respondent's chosen
// pseudonym (if any) enter the archive as a document (canonical JSON) named by the `feedback`
// record, not in the record itself, so a text that endangers someone can still be redacted
// loudly (redactionRecord) while the log keeps its hash. No network identity exists to publish:
// no IP address, no user agent, no account is ever recorded for an answer.
// Hiding is public too: `feedback-hidden` names the answer and the moderator's reason, and who
// moderated by role ("instance", or the moderating party's slug), never by account.

/** An accepted answer to a published scorecard; the text is in documents[0]. */
export function feedbackRecord(
  at: Date,
  f: {
    alliance: string;
    cycle: number;
    reviewer: string;
    reviewee: string;
    feedback: number;
    /** null: overall */
    dimension: string | null;
    documents: readonly DocumentRef[];
  },
): PublicRecord {
  return record('feedback', at, {
    alliance: f.alliance,
    cycle: f.cycle,
    reviewer: f.reviewer,
    reviewee: f.reviewee,
    feedback: f.feedback,
    dimension: f.dimension,
    documents: docs(f.documents),
  });
}

/** A moderator hid an answer, with a public reason; the answer itself stays in the archive. */
export function feedbackHiddenRecord(
  at: Date,
  h: { alliance: string; cycle: number; reviewer: string; reviewee: string; feedback: number; reason: string; by: string },
): PublicRecord {
  return record('feedback-hidden', at, {
    alliance: h.alliance,
    cycle: h.cycle,
    reviewer: h.reviewer,
    reviewee: h.reviewee,
    feedback: h.feedback,
    reason: h.reason,
    by: h.by,
  });
}

// ---------------------------------------------------------------- early warnings and the exit protocol (issue 5)
// Observations publish the value, the date and the public source; the evidence behind them is
// private unless the observer chose to publish it (the service passes it only then). A standing
// record names the event, the reason and each effect — all drawn from the covenant (public) and
// from public observations. Evidence offered for a benchmark never enters: the record says a
// benchmark was met and by which decision or reading, not what a witness said.

/** A value of a covenant indicator for a party. `evidence` only when the observer published it. */
export function observationRecord(
  at: Date,
  o: {
    alliance: string;
    party: string;
    observation: number;
    indicator: string;
    observedAt: string;
    value: string;
    currency: string | null;
    source: string;
    evidence: string | null;
  },
): PublicRecord {
  const fields: Record<string, unknown> = {
    alliance: o.alliance,
    party: o.party,
    observation: o.observation,
    indicator: o.indicator,
    observedAt: o.observedAt,
    value: o.value,
    source: o.source,
  };
  if (o.currency !== null) fields.currency = o.currency;
  if (o.evidence !== null) fields.evidence = o.evidence;
  return record('observation', at, fields);
}

/** A public effect of a standing transition: the domain's Effect, with its public fields only. */
export type StandingEffect =
  | { kind: 'record-breach'; principle: string | null; indicator: string; severity: string; threshold: string; observation: { at: string; value: string | boolean; currency?: string }; reason: string }
  | { kind: 'open-tasks' | 'close-tasks'; actions: readonly string[] }
  | { kind: 'pause-support' | 'resume-support'; forms: readonly string[]; commitments: readonly number[] }
  | { kind: 'publish-warning'; issuedAt: string; windowDays: number; windowEnds: string; breaches: readonly { principle: string | null; indicator: string; threshold: string }[]; benchmarks: readonly string[]; contains: unknown }
  | { kind: 'record-benchmark'; benchmark: string; at: string }
  | { kind: 'publish-dismissal' | 'publish-restoration'; at: string }
  | { kind: 'execute-reallocation'; stop: readonly string[]; continue: readonly string[]; stopped: readonly number[]; continued: readonly number[]; toPeople: unknown; toLeadership: unknown; moveTo: unknown }
  | { kind: 'publish-disengagement'; at: string; immediate: boolean };

function publicEffect(e: StandingEffect): Record<string, unknown> {
  switch (e.kind) {
    case 'record-breach': {
      const obs: Record<string, unknown> = { at: e.observation.at, value: e.observation.value };
      if (e.observation.currency !== undefined) obs.currency = e.observation.currency;
      return { kind: e.kind, principle: e.principle, indicator: e.indicator, severity: e.severity, threshold: e.threshold, observation: obs, reason: e.reason };
    }
    case 'open-tasks':
    case 'close-tasks':
      return { kind: e.kind, actions: [...e.actions] };
    case 'pause-support':
    case 'resume-support':
      return { kind: e.kind, forms: [...e.forms], commitments: [...e.commitments] };
    case 'publish-warning':
      return {
        kind: e.kind,
        issuedAt: e.issuedAt,
        windowDays: e.windowDays,
        windowEnds: e.windowEnds,
        breaches: e.breaches.map((b) => ({ principle: b.principle, indicator: b.indicator, threshold: b.threshold })),
        benchmarks: [...e.benchmarks],
        contains: e.contains,
      };
    case 'record-benchmark':
      return { kind: e.kind, benchmark: e.benchmark, at: e.at };
    case 'publish-dismissal':
    case 'publish-restoration':
      return { kind: e.kind, at: e.at };
    case 'execute-reallocation':
      return {
        kind: e.kind,
        stop: [...e.stop],
        continue: [...e.continue],
        stopped: [...e.stopped],
        continued: [...e.continued],
        toPeople: e.toPeople,
        toLeadership: e.toLeadership,
        moveTo: e.moveTo,
      };
    case 'publish-disengagement':
      return { kind: e.kind, at: e.at, immediate: e.immediate };
  }
}

/**
 * A party's standing changed (or a breach or benchmark was added within it): the event that
 * caused it, the reason in one line, and every effect. `observation` names the observation
 * record whose value tripped a test; `proposal` the decision that was adopted.
 */
export function standingRecord(
  at: Date,
  s: {
    alliance: string;
    party: string;
    event: 'trip' | 'decision' | 'deadline' | 'benchmark-met';
    from: string;
    to: string;
    reason: string;
    observation: number | null;
    proposal: number | null;
    effects: readonly StandingEffect[];
  },
): PublicRecord {
  return record('standing', at, {
    alliance: s.alliance,
    party: s.party,
    event: s.event,
    from: s.from,
    to: s.to,
    reason: s.reason,
    observation: s.observation,
    proposal: s.proposal,
    effects: s.effects.map(publicEffect),
  });
}

/** A decision on a party's standing was opened, adopted, rejected or made void, with the tally. */
export function decisionRecord(
  at: Date,
  d: {
    alliance: string;
    party: string;
    proposal: number;
    decision: string;
    status: 'open' | 'adopted' | 'rejected' | 'void';
    openedBy: string | null;
    rule: string;
    tally: { for: number; against: number; abstain: number; silent: number; eligible: number } | null;
    reason: string | null;
  },
): PublicRecord {
  return record('decision', at, {
    alliance: d.alliance,
    party: d.party,
    proposal: d.proposal,
    decision: d.decision,
    status: d.status,
    openedBy: d.openedBy,
    rule: d.rule,
    tally: d.tally === null ? null : { for: d.tally.for, against: d.tally.against, abstain: d.tally.abstain, silent: d.tally.silent, eligible: d.tally.eligible },
    reason: d.reason,
  });
}

/** One party's vote on a proposal: parties vote in the open, as the covenant's signatories. */
export function voteRecord(at: Date, v: { alliance: string; party: string; proposal: number; voter: string; choice: string }): PublicRecord {
  return record('vote', at, { alliance: v.alliance, party: v.party, proposal: v.proposal, voter: v.voter, choice: v.choice });
}

// ---------------------------------------------------------------- support ledger and local mirroring (issue 5 §4–5)

/** A commitment of support, as it stands after the event (made, paused, resumed, stopped, ended). */
export function commitmentRecord(
  at: Date,
  c: {
    alliance: string;
    commitment: number;
    event: 'made' | 'paused' | 'resumed' | 'stopped' | 'ended' | 'continued';
    from: string;
    to: string;
    form: string;
    recipient: 'people' | 'leadership';
    description: string;
    amount: string | null;
    currency: string | null;
    startsOn: string;
    endsOn: string | null;
    status: string;
    reason: string | null;
  },
): PublicRecord {
  return record('commitment', at, {
    alliance: c.alliance,
    commitment: c.commitment,
    event: c.event,
    from: c.from,
    to: c.to,
    form: c.form,
    recipient: c.recipient,
    description: c.description,
    amount: c.amount,
    currency: c.currency,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    status: c.status,
    reason: c.reason,
  });
}

/** Money moved under a commitment; the source only when it was disclosed. Amounts are decimal text. */
export function transactionRecord(
  at: Date,
  t: {
    alliance: string;
    commitment: number;
    transaction: number;
    occurredOn: string;
    amount: string;
    currency: string;
    sourceDisclosed: boolean;
    source: string | null;
    receipt: boolean;
  },
): PublicRecord {
  const fields: Record<string, unknown> = {
    alliance: t.alliance,
    commitment: t.commitment,
    transaction: t.transaction,
    occurredOn: t.occurredOn,
    amount: t.amount,
    currency: t.currency,
    sourceDisclosed: t.sourceDisclosed,
    receipt: t.receipt,
  };
  if (t.sourceDisclosed && t.source !== null) fields.source = t.source;
  return record('transaction', at, fields);
}

/** A direct action at home, and the commitment abroad it mirrors (if any). */
export function localActionRecord(
  at: Date,
  a: { alliance: string; party: string; action: number; occurredOn: string; what: string; mirrors: number | null },
): PublicRecord {
  return record('local-action', at, { alliance: a.alliance, party: a.party, action: a.action, occurredOn: a.occurredOn, what: a.what, mirrors: a.mirrors });
}

/** A published lesson: the case study (documents: canonical JSON, HTML) and what it is about. */
export function lessonRecord(
  at: Date,
  l: { alliance: string; lesson: number; party: string | null; title: string; missedSignals: number; documents: readonly DocumentRef[] },
): PublicRecord {
  return record('lesson', at, {
    alliance: l.alliance,
    lesson: l.lesson,
    party: l.party,
    title: l.title,
    missedSignals: l.missedSignals,
    documents: docs(l.documents),
  });
}
