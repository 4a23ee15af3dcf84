import { Inject, Injectable } from '@nestjs/common';
import { TEMPLATE_RENDERER } from './messaging.tokens';
import { sampleContext } from './rendering/sample-context';
import { RenderedMessage, TemplateRenderer } from './rendering/template-renderer';

// Renders any template with fictitious sample data (CLI templates:preview, desk endpoint).
@Injectable()
export class TemplatePreviewService {
  constructor(@Inject(TEMPLATE_RENDERER) private readonly renderer: TemplateRenderer) {}

  preview(q: {
    template: string;
    regime: string;
    language: string;
    stage?: number;
  }): RenderedMessage {
    const stage = q.template === 'warning' ? (q.stage ?? 1) : null;
    return this.renderer.render({
      template: q.template,
      regime: q.regime,
      language: q.language,
      stage,
      context: sampleContext(q.template, stage ?? 1),
    });
  }

  // Renders every template variant on disk (each warning stage too) with the sample data. The
  // mail worker does this when it starts, so a broken template stops it there rather than
  // failing mail, and its first messages do not pay for compiling the templates (Handlebars
  // compiles a template at its first use). Returns how many renders it made.
  warmUp(): number {
    let renders = 0;
    for (const v of this.renderer.listTemplates()) {
      const stages = v.template === 'warning' ? this.renderer.stagesOf(v) : [null];
      for (const stage of stages) {
        this.renderer.render({ ...v, stage, context: sampleContext(v.template, stage ?? 1) });
        renders++;
      }
    }
    return renders;
  }

  variants(): Array<{ template: string; regime: string; language: string }> {
    return this.renderer.listTemplates();
  }
}
