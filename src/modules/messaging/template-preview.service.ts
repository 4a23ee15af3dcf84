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

  variants(): Array<{ template: string; regime: string; language: string }> {
    return this.renderer.listTemplates();
  }
}
