import { englishWordsIn } from '../../common/i18n/french-text';
import { REQUEST_KINDS } from '../disclosure/disclosure.types';
import type { TimelineRow } from '../search/case-timeline.repository';
import { phraseWithParts, portalPhrase } from './i18n/portal.catalogue';
import { RULE_TITLES } from './notice-words';
import { nextSteps, timelineSteps } from './timeline-view';

describe('timeline words', () => {
  const now = new Date('2026-10-05T13:20:00Z');

  it('says when a waiting warning will be sent, in UTC with the digest named', () => {
    const lines = nextSteps(
      [
        {
          position: 0,
          status: 'attributed',
          attributedAt: '2026-10-05T13:00:00Z',
          expectedAt: null,
        },
        { position: 1, status: 'queued', attributedAt: null, expectedAt: '2026-10-05T14:00:00Z' },
        {
          position: 2,
          status: 'attributed',
          attributedAt: '2026-10-05T11:00:00Z',
          expectedAt: null,
        },
        {
          position: 3,
          status: 'forwarded',
          attributedAt: '2026-10-05T10:00:00Z',
          expectedAt: null,
        },
      ],
      3600,
      now,
    );
    expect(lines.map((l) => l.text)).toEqual([
      'Row 1: warning scheduled for 2026-10-05 14:00:00 UTC (hourly digest)',
      'Row 2: waits behind the sender’s hourly quota until 2026-10-05 14:00:00 UTC',
      'Row 3: warning due since 2026-10-05 12:00:00 UTC (hourly digest); it goes with the next digest run',
    ]);
    const quarter = nextSteps(
      [
        {
          position: 0,
          status: 'attributed',
          attributedAt: '2026-10-05T13:00:00Z',
          expectedAt: null,
        },
      ],
      900,
      now,
    );
    expect(quarter.map((l) => l.text)).toEqual([
      'Row 1: warning due since 2026-10-05 13:15:00 UTC (15-minute digest); it goes with the next digest run',
    ]);
  });

  it('puts each step in words with a link to its object', () => {
    const steps = timelineSteps('NR-X', [
      { at: now, kind: 'attributed', position: 1, ref: null, label: 'unique', detail: 'SUB-ABC' },
      { at: now, kind: 'challenge', position: null, ref: 'c-1', label: 'licence', detail: null },
      {
        at: now,
        kind: 'item_refused',
        position: 0,
        ref: null,
        label: 'timestamp_zone',
        detail: null,
      },
    ]);
    expect(steps.map((s) => [s.text, s.href])).toEqual([
      [
        'Row 2 matched one subscriber (SUB-ABC); evidence on the notice page',
        '/portal/desk/notices/NR-X#item-2-h',
      ],
      ['The subscriber challenged the warning: they hold a licence', '/portal/desk/challenges/c-1'],
      [
        'Row 1 refused: the time must be to the second with an explicit zone',
        '/portal/desk/notices/NR-X#item-1-h',
      ],
    ]);
  });

  it('writes every step, link and next step in French, with no English left', () => {
    const at = new Date('2026-10-05T13:00:00Z');
    const row = (
      kind: string,
      label: string | null,
      detail: string | null = null,
    ): TimelineRow => ({
      at,
      kind,
      position: 2,
      ref: 'a1b2c3d4-0000-4000-8000-000000000000',
      label,
      detail,
    });
    const rows: TimelineRow[] = [
      ...['api', 'email', 'portal', null].map((c) => row('received', c)),
      ...[...Object.keys(RULE_TITLES), 'unknown_rule'].flatMap((rule) => [
        row('notice_refused', rule),
        row('item_refused', rule),
      ]),
      row('item_accepted', null),
      row('item_duplicate', null),
      row('item_queued', null),
      ...[
        'unique',
        'ambiguous',
        'no_lease',
        'needs_port',
        'out_of_retention',
        'not_our_address',
        'other',
      ].flatMap((outcome) => [
        row('attributed', outcome, 'SUB-7Q2X9K'),
        row('attributed', outcome),
      ]),
      row('forwarded', null),
      row('message_composed', '2'),
      row('message_composed', null),
      row('message_queued', null),
      row('message_sent', null, '<abc@mx.isp.example>'),
      row('message_sent', null),
      row('message_failed', '3'),
      row('message_dead', '8'),
      row('strike', '2'),
      row('strike_withdrawn', null),
      ...['wrong_account', 'unauthorised_use', 'licence', 'fair_dealing', 'other', null].map((g) =>
        row('challenge', g),
      ),
      row('challenge_decided', 'upheld'),
      row('challenge_decided', 'rejected'),
      row('escalation', 'termination', '3'),
      row('escalation', 'suspension', '2'),
      ...['approved', 'declined'].flatMap((d) => [
        row('escalation_decided', d, 'termination'),
        row('escalation_decided', d, 'suspension'),
      ]),
      ...[...REQUEST_KINDS, null].map((k) => row('disclosure_requested', k)),
    ];
    const steps = timelineSteps('NR-1A2B3C4D5E', rows);
    expect(steps).toHaveLength(rows.length);
    const next = [3600, 7200, 900].flatMap((w) =>
      nextSteps(
        [
          {
            position: 0,
            status: 'attributed',
            attributedAt: '2026-10-05T13:00:00Z',
            expectedAt: null,
          },
          {
            position: 1,
            status: 'attributed',
            attributedAt: '2026-10-05T09:00:00Z',
            expectedAt: null,
          },
          { position: 2, status: 'queued', attributedAt: null, expectedAt: '2026-10-05T14:00:00Z' },
          { position: 3, status: 'queued', attributedAt: null, expectedAt: null },
          { position: 4, status: 'accepted', attributedAt: null, expectedAt: null },
        ],
        w,
        new Date('2026-10-05T13:20:00Z'),
      ),
    );
    const sentences = [...steps, ...next].map((s) => phraseWithParts('fr', s.phrase, s.params));
    const links = steps.flatMap((s) => (s.linkText ? [portalPhrase('fr', s.linkText)] : []));
    const english = [...sentences, ...links].flatMap((f) =>
      englishWordsIn(f).map((w) => `${f}: "${w}"`),
    );
    expect(english).toEqual([]);
    // The English page reads as before, and the parts are filled in both languages.
    expect(steps[0].text).toBe('Notice received through the API');
    expect(phraseWithParts('fr', steps[0].phrase, steps[0].params)).toBe(
      'Notification reçue par l’API',
    );
    const attributed = steps.find((s) => s.params.detail === 'SUB-7Q2X9K')!;
    expect(phraseWithParts('fr', attributed.phrase, attributed.params)).toBe(
      'Ligne 3 : rapprochée d’un seul abonné (SUB-7Q2X9K) ; preuves sur la page de la notification',
    );
    expect(portalPhrase('fr', attributed.linkText!)).toBe('Preuves de la ligne 3');
    expect(sentences).toContain(
      'Ligne 2 : avertissement dû depuis le 05/10/2026 11:00:00 UTC (résumé de 2 heures) ; il part avec le prochain résumé',
    );
  });
});
