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
import { offsetOf, PAGE_SIZE, pageNumber } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors, FormPageState, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { DEAD_LETTERS } from '../presenters/desk-bulk.presenter';
import {
  deadLettersPage,
  deliveriesPage,
  retriedNotice,
  templatesPage,
} from '../presenters/desk-messages.presenter';

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
    const notice = retriedNotice(count(retried), count(refused));
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
    const [found, counts] = await Promise.all([
      this.desk.deliveries(status, offsetOf(page), PAGE_SIZE),
      this.desk.deliveryCounts(),
    ]);
    await this.views.send(req, res, 'desk-deliveries', deliveriesPage(status, found, counts, page));
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
    await this.views.send(
      req,
      res,
      'desk-templates',
      templatesPage(variants, asked, preview, errors),
      Object.keys(errors).length ? 400 : 200,
    );
  }

  private async deadLetterPage(
    req: Request,
    res: Response,
    page: number,
    extra: FormPageState,
  ): Promise<void> {
    const found = await this.desk.deadPage(offsetOf(page), PAGE_SIZE);
    await this.views.send(
      req,
      res,
      'desk-dead-letters',
      deadLettersPage(found, page, extra),
      extra.status,
    );
  }
}
