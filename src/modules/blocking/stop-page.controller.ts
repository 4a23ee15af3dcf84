import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { renderStopPage } from './stop-page.view';
import { StopPageService } from './stop-page.service';

// The public stop page blocked names lead to (BO-5). The reverse proxy on the stop page's
// address sends every request here with the visitor's Host header. No cookie, no script, no
// third-party resource; the route is left out of the request log (logger.module.ts).
@ApiExcludeController()
@Controller('stop')
export class StopPageController {
  constructor(private readonly stop: StopPageService) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async page(@Headers('host') host: string | undefined): Promise<string> {
    return renderStopPage(await this.stop.forHost(host));
  }
}
