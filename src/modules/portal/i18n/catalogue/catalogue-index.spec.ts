import { CATALOGUE_PARTS, duplicatePhrases, FRENCH } from '.';

describe('portal catalogue parts', () => {
  it('names a phrase held by two parts, with both parts', () => {
    expect(
      duplicatePhrases({
        common: { Save: 'Enregistrer', Back: 'Retour' },
        desk: { Save: 'Garder' },
      }),
    ).toEqual(['Save (common, desk)']);
  });

  it('holds each phrase in one part only, and the merged catalogue has them all', () => {
    expect(duplicatePhrases(CATALOGUE_PARTS)).toEqual([]);
    const total = Object.values(CATALOGUE_PARTS).reduce((n, p) => n + Object.keys(p).length, 0);
    expect(Object.keys(FRENCH)).toHaveLength(total);
  });
});
