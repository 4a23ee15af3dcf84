// A compose thread (worker_threads): renders messages and builds their MIME bytes, the CPU-heavy
// part of sending, beside the mail worker's event loop (see compose-pool.ts). It holds no
// connection and keeps nothing: what a message needs arrives with the request, and the contact
// details read for it are used for that message only.
import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '../../../config/app-config';
import type { MessagingPolicy } from '../policy/messaging-policy';
import { TemplateRenderer } from '../rendering/template-renderer';
import { TemplatePreviewService } from '../template-preview.service';
import type { ComposeReply, ComposeRequest, ThreadStartup } from './compose-pool';
import { MessageComposer } from './message-composer';
import { asBuffer, prepareMail } from './prepared-mail';

export interface ComposeThreadData {
  config: AppConfig;
  policy: MessagingPolicy;
}

function serve(port: NonNullable<typeof parentPort>, data: ComposeThreadData): void {
  const renderer = new TemplateRenderer(data.config.messaging.templatesDir);
  const composer = new MessageComposer(data.config, data.policy, renderer);
  try {
    // Every template compiled and tried before the first request: a broken one stops the start.
    new TemplatePreviewService(renderer).warmUp();
  } catch (e) {
    port.postMessage({ ready: false, error: errorOf(e) } satisfies ThreadStartup);
    return;
  }
  port.on('message', (req: ComposeRequest) => {
    const facts = req.job.facts.map((f) => ({ ...f, original: asBuffer(f.original) }));
    prepareMail(composer, { ...req.job, facts }).then(
      (prepared) => reply(port, { id: req.id, ok: true, prepared }),
      (e: unknown) => reply(port, { id: req.id, ok: false, error: errorOf(e) }),
    );
  });
  port.postMessage({ ready: true } satisfies ThreadStartup);
}

function reply(port: NonNullable<typeof parentPort>, r: ComposeReply): void {
  port.postMessage(r);
}

function errorOf(e: unknown): { name: string; message: string; code?: string } {
  const err = (e ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof err.name === 'string' ? err.name : 'Error',
    message: typeof err.message === 'string' ? err.message : String(e),
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
  };
}

if (parentPort) serve(parentPort, workerData as ComposeThreadData);
