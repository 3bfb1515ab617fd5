/**
 * Reminders, the pure part: what is owed by whom from a given state, notices by due date
 * (owed → due soon three days before → overdue), stable keys and order, and the e-mail text.
 */
import { describe, expect, it } from 'vitest';
import { DUE_SOON_MS, deliveryKey, deriveDueItems, noticeAt, reminderEmail, type ReminderState } from '../../src/domain/reminders.js';

const END = '2026-12-09T04:51:00Z';
const state: ReminderState = {
  cycles: [
    {
      alliance: 'tri',
      n: 1299,
      label: 'lunation 1299',
      end: END,
      dimensions: ['finances', 'dissent'],
      scorecards: [
        {
          reviewer: 'sur',
          reviewee: 'norte',
          triad: ['ana', 'beto', 'caro'],
          rated: [
            { member: 'ana', dimension: 'finances' },
            { member: 'ana', dimension: 'dissent' },
            { member: 'beto', dimension: 'dissent' },
          ],
        },
      ],
    },
  ],
  proposals: [{ alliance: 'tri', version: 2, parties: ['este', 'norte', 'sur'], signed: ['norte'] }],
  renewals: [{ alliance: 'duo', version: 1, renewal: 3, dueAt: '2026-12-01T00:00:00.000Z', lapsesAt: '2026-12-31T00:00:00.000Z', parties: ['a', 'b'], signed: ['b'] }],
  officeholders: { sur: ['ana'], este: ['eva', 'emi'], a: ['alma'] },
};

describe('who owes what', () => {
  const now = new Date('2026-11-29T00:00:00Z');
  const items = deriveDueItems(state, now);

  it('lists ratings still owed, the scorecard, unsigned proposals and open renewals', () => {
    expect(items.map((i) => i.key)).toEqual([
      'renewal:duo:1:3:a',
      'rating:tri:1299:sur:norte:beto',
      'rating:tri:1299:sur:norte:caro',
      'scorecard:tri:1299:sur:norte',
      'signature:tri:2:este',
      'signature:tri:2:sur',
    ]);
    const beto = items.find((i) => i.member === 'beto')!;
    expect(beto).toMatchObject({ kind: 'rating', party: 'sur', dueAt: END, recipients: ['beto'], what: 'beto: rate sur’s scorecard of norte (tri, lunation 1299) on finances' });
    expect(items.find((i) => i.kind === 'scorecard')!.recipients).toEqual(['ana', 'beto', 'caro']);
    expect(items.find((i) => i.key === 'signature:tri:2:este')).toMatchObject({ dueAt: null, notice: 'owed', recipients: ['eva', 'emi'] });
    expect(items.find((i) => i.key === 'signature:tri:2:sur')!.recipients).toEqual(['ana']);
    expect(items.find((i) => i.kind === 'renewal')).toMatchObject({ party: 'a', renewal: 3, notice: 'due-soon', recipients: ['alma'] });
  });

  it('is the same list for the same state and instant, whatever the input order', () => {
    const shuffled: ReminderState = { ...state, proposals: [{ ...state.proposals[0]!, parties: ['sur', 'este', 'norte'] }] };
    expect(deriveDueItems(shuffled, now).map((i) => i.key)).toEqual(items.map((i) => i.key));
  });

  it('nothing is owed once every dimension is rated and every party signed', () => {
    const done: ReminderState = {
      ...state,
      cycles: [{ ...state.cycles[0]!, scorecards: [] }],
      proposals: [{ ...state.proposals[0]!, signed: ['este', 'norte', 'sur'] }],
      renewals: [],
    };
    expect(deriveDueItems(done, now)).toEqual([]);
  });
});

describe('notices', () => {
  it('owed, then due soon three days before, then overdue at the due date', () => {
    const due = Date.parse(END);
    expect(noticeAt(new Date(due - DUE_SOON_MS - 1), END)).toBe('owed');
    expect(noticeAt(new Date(due - DUE_SOON_MS), END)).toBe('due-soon');
    expect(noticeAt(new Date(due - 1), END)).toBe('due-soon');
    expect(noticeAt(new Date(due), END)).toBe('overdue');
    expect(noticeAt(new Date(due + 1e12), null)).toBe('owed');
  });

  it('a delivery key names channel, target, item and notice, so each notice goes once', () => {
    const item = deriveDueItems(state, new Date(Date.parse(END)))[1]!;
    expect(deliveryKey('email', 12, item)).toBe('email:12:rating:tri:1299:sur:norte:beto:overdue');
    const earlier = deriveDueItems(state, new Date('2026-11-01T00:00:00Z'))[1]!;
    expect(deliveryKey('email', 12, earlier)).not.toBe(deliveryKey('email', 12, item));
  });

  it('the e-mail names the pseudonym and what to do, nothing else about the member', () => {
    const item = deriveDueItems(state, new Date(Date.parse(END) + 1))[1]!;
    const m = reminderEmail(item, 'beto', 'daylight.example');
    expect(m.subject).toBe('[Daylight] Overdue: beto: rate sur’s scorecard of norte (tri, lunation 1299) on finances');
    expect(m.text).toContain('Hello beto,');
    expect(m.text).toContain(`When: overdue since ${END}.`);
    expect(m.text).toContain('daylight.example');
  });
});
