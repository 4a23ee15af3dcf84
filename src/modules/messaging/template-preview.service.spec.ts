import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateRenderer } from './rendering/template-renderer';
import { TemplatePreviewService } from './template-preview.service';

const TEMPLATES = join(__dirname, '../../../templates');

describe('TemplatePreviewService.warmUp (run by the mail worker at start-up)', () => {
  it('renders every variant on disk, each warning stage once', () => {
    const renderer = new TemplateRenderer(TEMPLATES);
    const variants = renderer.listTemplates();
    const expected = variants.reduce(
      (n, v) => n + (v.template === 'warning' ? renderer.stagesOf(v).length : 1),
      0,
    );
    expect(variants.some((v) => v.template === 'warning')).toBe(true);
    expect(renderer.stagesOf({ template: 'warning', regime: 'ca', language: 'en' })).toEqual([1]);
    expect(new TemplatePreviewService(renderer).warmUp()).toBe(expected);
  });

  it('fails on a broken template, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nr-templates-'));
    try {
      cpSync(TEMPLATES, dir, { recursive: true });
      // A variable the sample data (and the worker) never provides: strict mode refuses it.
      writeFileSync(join(dir, 'warning/fr/fr/subject.hbs'), 'Avis {{noSuchField}}\n');
      expect(() => new TemplatePreviewService(new TemplateRenderer(dir)).warmUp()).toThrow(
        /warning\/fr\/fr/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
