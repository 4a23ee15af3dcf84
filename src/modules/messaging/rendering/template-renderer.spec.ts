import { join } from 'node:path';
import { MessagingError } from '../messaging.errors';
import { sampleContext } from './sample-context';
import { TemplateRenderer } from './template-renderer';

const renderer = new TemplateRenderer(join(__dirname, '../../../../templates'));

describe('template renderer', () => {
  it('renders every template variant and stage with the sample data', () => {
    const variants = renderer.listTemplates();
    expect(variants.length).toBeGreaterThanOrEqual(11);
    for (const v of variants) {
      const stages = v.template === 'warning' ? [1, 2, 3] : [null];
      for (const stage of stages) {
        if (v.template === 'warning' && v.regime === 'ca' && stage !== 1) continue;
        const out = renderer.render({
          ...v,
          stage,
          context: sampleContext(v.template, stage ?? 1),
        });
        expect(out.subject.length).toBeGreaterThan(5);
        expect(out.text).toContain('Sam Sample');
        expect(out.html).toMatch(/^<!doctype html>/);
        expect(out.html).toContain(`lang="${v.language}"`);
      }
    }
  });

  it('escapes values in HTML but not in the text part', () => {
    const out = renderer.render({
      template: 'warning',
      regime: 'us',
      language: 'en',
      stage: 1,
      context: sampleContext('warning', 1),
    });
    expect(out.html).toContain('Example Film &lt;Director’s cut&gt; &amp; more');
    expect(out.html).not.toContain('<Director');
    expect(out.text).toContain('Example Film <Director’s cut> & more');
    // SN-4: time with its zone, the work and the challenge route.
    expect(out.text).toContain('4 October 2026 at 21:13:07 UTC');
    expect(out.text).toContain('https://isp.example/challenge/sample-token');
    // SN-3: cover text.
    expect(out.text).toMatch(/not verified/);
    expect(out.text).toMatch(/court order/);
    expect(out.text).toMatch(/Educational alert/);
  });

  it('renders French with French dates and the stage text', () => {
    const out = renderer.render({
      template: 'warning',
      regime: 'fr',
      language: 'fr',
      stage: 2,
      context: sampleContext('warning', 2),
    });
    expect(out.text).toContain('Deuxième recommandation');
    expect(out.text).toContain('4 octobre 2026 à 21:13:07 UTC');
    expect(out.language).toBe('fr');
  });

  it('treats a missing variable as an error, never an empty gap', () => {
    const ctx = sampleContext('warning', 1);
    delete ctx.challengeUrl;
    expect(() =>
      renderer.render({
        template: 'warning',
        regime: 'generic',
        language: 'en',
        stage: 1,
        context: ctx,
      }),
    ).toThrow(/challengeUrl/);
  });

  it('refuses an unknown stage and falls back to generic/en for unknown regimes', () => {
    expect(() =>
      renderer.render({
        template: 'warning',
        regime: 'ca',
        language: 'en',
        stage: 3,
        context: sampleContext('warning', 3),
      }),
    ).toThrow(MessagingError);
    const out = renderer.render({
      template: 'warning',
      regime: 'nz',
      language: 'de',
      stage: 1,
      context: sampleContext('warning', 1),
    });
    expect(out).toMatchObject({ regime: 'generic', language: 'en' });
  });

  it('remembers formatted times without mixing up different seconds, days or languages', () => {
    const render = (observedAt: string, challengeDeadline: string, language: string) => {
      const ctx = sampleContext('warning', 1);
      const notices = (ctx.notices as Array<{ items: Array<Record<string, unknown>> }>).map(
        (n) => ({ ...n, items: n.items.map((i) => ({ ...i, observedAt })) }),
      );
      return renderer.render({
        template: 'warning',
        regime: 'generic',
        language,
        stage: 1,
        context: { ...ctx, notices, challengeDeadline },
      }).text;
    };
    const a = render('2026-10-04T21:13:07.120Z', '2026-12-23T10:00:00.000Z', 'en');
    expect(a).toContain('4 October 2026 at 21:13:07 UTC');
    expect(a).toContain('23 December 2026');
    // Same second and day, other milliseconds and hours: the same text.
    const b = render('2026-10-04T21:13:07.980Z', '2026-12-23T23:59:59.999Z', 'en');
    expect(b).toContain('4 October 2026 at 21:13:07 UTC');
    expect(b).toContain('23 December 2026');
    // The next second and day, and an offset time (converted to UTC), are not taken from memory.
    const c = render('2026-10-04T21:13:08Z', '2026-12-24T00:00:00Z', 'en');
    expect(c).toContain('4 October 2026 at 21:13:08 UTC');
    expect(c).toContain('24 December 2026');
    const d = render('2026-10-04T23:13:07+02:00', '2026-12-23T10:00:00Z', 'en');
    expect(d).toContain('4 October 2026 at 21:13:07 UTC');
    expect(render('2026-10-04T21:13:07.120Z', '2026-12-23T10:00:00Z', 'fr')).toContain(
      '4 octobre 2026 à 21:13:07 UTC',
    );
  });
});
