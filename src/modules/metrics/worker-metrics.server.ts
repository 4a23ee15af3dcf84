import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { once } from 'node:events';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AppError, STATUS_BY_KIND } from '../../common/errors/app-error';
import { plainProblem } from '../../common/http/problem-details.filter';
import { checkMetricsAccess } from './metrics-access';
import { StepMetrics } from './step-metrics';

// MODE=worker serves no HTTP API, yet its steps (attribute, compose, send) must be scraped: with
// WORKER_METRICS_PORT set it answers GET /metrics there (on HOST), with the API's access rule,
// from its own registry (the process's default metrics and the step histogram). Anything else
// is a 404.
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  private server: Server | null = null;
  private readonly logger = new Logger('metrics');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    steps: StepMetrics,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'notice_relay_' });
    this.registry.registerMetric(steps.histogram);
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => void this.answer(req, res));
    server.listen(this.config.http.workerMetricsPort ?? 0, this.config.http.host);
    await once(server, 'listening');
    this.server = server;
    this.logger.log(`worker metrics on ${this.config.http.host}:${this.address()}/metrics`);
  }

  // The port listened on (WORKER_METRICS_PORT=0 picks a free one, as tests do).
  address(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      return problem(res, 404, 'not_found', `The worker serves only GET /metrics`, path);
    }
    try {
      checkMetricsAccess(this.config, req.headers.authorization);
    } catch (e) {
      if (e instanceof AppError) {
        return problem(res, STATUS_BY_KIND[e.kind], String(e.code), e.message, path);
      }
      throw e;
    }
    const body = await this.registry.metrics();
    res.writeHead(200, { 'content-type': this.registry.contentType }).end(body);
  }
}

function problem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  path: string,
): void {
  const body = JSON.stringify(plainProblem(status, code, detail, path));
  res.writeHead(status, { 'content-type': 'application/problem+json' }).end(body);
}
