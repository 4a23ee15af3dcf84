import { join } from 'node:path';
import { sampleContext } from './sample-context';
import { TemplateRenderer } from './template-renderer';

// Issue 15 §5 and §6: the warning names the owner "through its agent", and sender text shows
// as quoted data, not as the ISP's own words.
const renderer = new TemplateRenderer(join(__dirname, '../../../../templates'));

function render(language: string, notice: Record<string, unknown>) {
  const context = sampleContext('warning', 1);
  const base = (context.notices as Array<Record<string, unknown>>)[0];
  return renderer.render({
    template: 'warning',
    regime: 'generic',
    language,
    stage: 1,
    context: { ...context, notices: [{ ...base, ...notice }] },
  });
}

describe('owner and agent in a warning', () => {
  it('names the owner through its agent, quoted, in text and HTML', () => {
    const out = render('en', { owner: 'Northbridge Pictures', claimant: 'Rightsline Enforcement' });
    expect(out.text).toContain(
      'from "Northbridge Pictures", through its agent "Rightsline Enforcement"',
    );
    expect(out.html).toContain(
      '<q>Northbridge Pictures</q>, through its agent <q>Rightsline Enforcement</q>',
    );
    expect(out.text).not.toContain('on behalf of');
    expect(out.text).toContain('file: "Example.Film.2026.mkv"');
  });

  it('names one party once when the owner sends for itself', () => {
    const out = render('en', { owner: 'Northbridge Pictures', claimant: 'Northbridge Pictures' });
    expect(out.text).toContain('from "Northbridge Pictures" (names');
    expect(out.text).not.toContain('through its agent');
  });

  it('says it in French too', () => {
    const out = render('fr', { owner: 'SCPP', claimant: 'TMG' });
    expect(out.text).toContain("« SCPP », par l'intermédiaire de son mandataire « TMG »");
  });
});
