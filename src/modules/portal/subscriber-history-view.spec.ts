import { englishWordsIn } from '../../common/i18n/french-text';
import type { HistoryRow } from '../search/subscriber-history.repository';
import { phraseWithParts } from './i18n/portal.catalogue';
import { historySteps } from './subscriber-history-view';

const MSG = '0b0e5b5e-1111-4000-8000-000000000001';
const at = new Date('2026-10-05T13:00:00Z');
const base = { at, ref: MSG, noticeReference: null, position: null, label: null, detail: null };

describe('subscriber history words', () => {
  const rows: HistoryRow[] = [
    {
      ...base,
      kind: 'item',
      ref: 'NR-1A2B3C4D5E',
      noticeReference: 'NR-1A2B3C4D5E',
      position: 0,
      label: 'forwarded',
      detail: 'Example Film',
    },
    { ...base, kind: 'strike', noticeReference: 'NR-1A2B3C4D5E', position: 1, label: '2' },
    { ...base, kind: 'strike_withdrawn', noticeReference: 'NR-1A2B3C4D5E', position: 1 },
    { ...base, kind: 'message', label: 'failed', detail: 'warning stage 1' },
    { ...base, kind: 'challenge', label: 'licence' },
    { ...base, kind: 'challenge_decided', label: 'upheld' },
    { ...base, kind: 'escalation', label: 'termination', detail: '3' },
    { ...base, kind: 'escalation_decided', label: 'declined', detail: 'suspension' },
  ];

  it('says each step in English as before, linking to its object', () => {
    const steps = historySteps(rows);
    expect(steps.map((s) => s.text)).toEqual([
      'NR-1A2B3C4D5E, row 1 (Example Film): forwarded as a warning',
      'Strike counted at stage 2 for notice NR-1A2B3C4D5E, row 2',
      'Strike for notice NR-1A2B3C4D5E, row 2 withdrawn',
      '0b0e5b5e (warning stage 1): failed; it will be tried again',
      'The subscriber challenged a warning: they hold a licence',
      'Challenge upheld: the warning’s strikes were withdrawn',
      'Escalation proposed: termination at stage 3',
      'Escalation (suspension) declined',
    ]);
    expect(steps.map((s) => s.href)).toEqual([
      '/portal/desk/notices/NR-1A2B3C4D5E/timeline',
      '/portal/desk/notices/NR-1A2B3C4D5E/timeline',
      '/portal/desk/notices/NR-1A2B3C4D5E/timeline',
      `/portal/desk/messages/${MSG}`,
      `/portal/desk/challenges/${MSG}`,
      `/portal/desk/challenges/${MSG}`,
      `/portal/desk/escalations/${MSG}`,
      `/portal/desk/escalations/${MSG}`,
    ]);
  });

  it('writes every step in French with no English left but the data', () => {
    const french = historySteps(rows).map((s) => phraseWithParts('fr', s.phrase, s.params));
    expect(french[3]).toBe('0b0e5b5e (avertissement, étape 1) : en échec ; il sera retenté');
    expect(french[6]).toBe('Escalade proposée : résiliation à l’étape 3');
    const english = french.flatMap((f) =>
      englishWordsIn(f.replace('Example Film', ' ')).map((w) => `${f}: ${w}`),
    );
    expect(english).toEqual([]);
  });
});
