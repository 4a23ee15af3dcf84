import { Injectable } from '@nestjs/common';

// Injected wherever a rule depends on the time (windows, deadlines, retention), so tests can
// fix it: `ctx.get(Clock).now = () => new Date('...')`.
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
