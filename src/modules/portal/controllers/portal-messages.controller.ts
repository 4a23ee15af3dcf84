import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { MessagingDeskService } from '../../messaging/messaging-desk.service';
import { MessagingError, MessagingErrorCode } from '../../messaging/messaging.errors';
import { RenderedMessage } from '../../messaging/rendering/template-renderer';
import { TemplatePreviewService } from '../../messaging/template-preview.service';
import { DELIVERY_STATUSES } from '../desk-outcomes';
import { RetrySelectedForm, TemplatePreviewForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { offsetOf, PAGE_SIZE, pageLinks, pageNumber } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, FormPageState, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

const DEAD_LETTERS = `${PORTAL_BASE}/desk/dead-letters`;
const DELIVERIES = `${PORTAL_BASE}/desk/deliveries`;
const STAGES = [1, 2, 3, 4];

const count = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : null);

// Warning delivery for the abuse desk: dead letters (retry one or the selected ones), the
// outbox by status, and template previews with fictitious sample data.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalMessagesController {
  constructor(
    private readonly desk: MessagingDeskService,
    private readonly previews: TemplatePreviewService,
    private readonly views: PortalViewService,
  ) {}

  @Get('dead-letters')
  @Roles(...PAGE_ROLES.deadLetters)
  async deadLetters(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('retried') retried?: string,
    @Query('refused') refused?: string,
  ): Promise<void> {
    const ok = count(retried);
    const failed = count(refused);
    let notice: string | undefined;
    if (ok !== null) {
      notice = `${ok} message(s) moved back to the outbox for another attempt.`;
      if (failed) {
        notice += ` ${failed} could not be retried: they are no longer dead letters or the mail queue did not answer.`;
      }
    }
    await this.deadLetterPage(req, res, pageNumber(rawPage), { notice });
  }

  @Post('dead-letters/retry')
  @Roles(...PAGE_ROLES.deadLetters)
  async retrySelected(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(RetrySelectedForm, body);
    if (!form.ok) {
      return this.deadLetterPage(req, res, 1, { errors: form.errors, status: 400 });
    }
    const r = await this.desk.retryMany(form.value.ids);
    res.redirect(303, `${DEAD_LETTERS}?retried=${r.retried.length}&refused=${r.refused.length}`);
  }

  @Post('dead-letters/:id/retry')
  @Roles(...PAGE_ROLES.deadLetters)
  async retryOne(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.desk.retry(id);
    res.redirect(303, `${DEAD_LETTERS}?retried=1`);
  }

  @Get('deliveries')
  @Roles(...PAGE_ROLES.deliveries)
  async deliveries(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('status') rawStatus?: string,
  ): Promise<void> {
    const status = (DELIVERY_STATUSES as readonly string[]).includes(rawStatus ?? '')
      ? (rawStatus as string)
      : null;
    const page = pageNumber(rawPage);
    const [{ total, rows }, counts] = await Promise.all([
      this.desk.deliveries(status, offsetOf(page), PAGE_SIZE),
      this.desk.deliveryCounts(),
    ]);
    await this.views.send(req, res, 'desk-deliveries', {
      title: 'Deliveries',
      status,
      filters: [
        { label: 'All', href: DELIVERIES, current: status === null, count: sum(counts) },
        ...DELIVERY_STATUSES.map((s) => ({
          label: s,
          href: `${DELIVERIES}?status=${s}`,
          current: s === status,
          count: counts[s] ?? 0,
        })),
      ],
      rows,
      pagination: pageLinks(status ? `${DELIVERIES}?status=${status}` : DELIVERIES, page, total),
    });
  }

  // GET: choosing a template changes nothing, so the choice can live in the address.
  @Get('templates')
  @Roles(...PAGE_ROLES.templates)
  async templates(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const variants = this.previews.variants();
    const asked = {
      template: typeof query.template === 'string' ? query.template : 'warning',
      regime: typeof query.regime === 'string' ? query.regime : 'generic',
      language: typeof query.language === 'string' ? query.language : 'en',
      stage: typeof query.stage === 'string' ? query.stage : '1',
    };
    const form = await validateForm(TemplatePreviewForm, asked);
    let errors: FieldErrors = form.errors;
    let preview: RenderedMessage | null = null;
    if (form.ok) {
      try {
        preview = this.previews.preview(form.value);
      } catch (e) {
        if (!(e instanceof MessagingError)) throw e;
        if (
          e.code !== MessagingErrorCode.TemplateUnknown &&
          e.code !== MessagingErrorCode.TemplateRenderFailed
        ) {
          throw e;
        }
        errors = {
          stage: `No template for ${form.value.template}, ${form.value.regime}, ${form.value.language}${asked.template === 'warning' ? `, stage ${asked.stage}` : ''}: ${e.message}`,
        };
      }
    }
    const distinct = (f: (v: (typeof variants)[number]) => string) =>
      [...new Set(variants.map(f))].sort();
    const option = (current: string) => (value: string | number) => ({
      value: String(value),
      selected: String(value) === current,
    });
    await this.views.send(
      req,
      res,
      'desk-templates',
      {
        title: 'Message templates',
        options: {
          template: distinct((v) => v.template).map(option(asked.template)),
          regime: distinct((v) => v.regime).map(option(asked.regime)),
          language: distinct((v) => v.language).map(option(asked.language)),
          stage: STAGES.map(option(asked.stage)),
        },
        preview,
        asked,
        errors,
        summary: errorSummary(errors),
      },
      Object.keys(errors).length ? 400 : 200,
    );
  }

  private async deadLetterPage(
    req: Request,
    res: Response,
    page: number,
    extra: FormPageState,
  ): Promise<void> {
    const { total, rows } = await this.desk.deadPage(offsetOf(page), PAGE_SIZE);
    const errors = extra.errors ?? {};
    await this.views.send(
      req,
      res,
      'desk-dead-letters',
      {
        title: 'Dead letters',
        rows,
        pagination: pageLinks(DEAD_LETTERS, page, total),
        errors,
        summary: errorSummary(errors),
        notice: extra.notice,
      },
      extra.status,
    );
  }
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, c) => n + c, 0);
}
