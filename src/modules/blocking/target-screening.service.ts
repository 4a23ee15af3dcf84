import { Injectable } from '@nestjs/common';
import { FieldProblem } from '../../common/errors/app-error';
import { blockingErrors } from './blocking.errors';
import { Measure } from './blocking.types';
import { ProtectedIndex } from './protected-index';
import { ProtectedListService } from './protected-list.service';
import { TargetSignalsService } from './target-signals.service';
import { ParsedValue, parseTargetValue } from './target-values';

export interface ScreenedTarget {
  parsed: ParsedValue;
  // Why it may not be blocked without a written override (BO-3), or null.
  conflict: string | null;
  flags: string[];
}

// Parses proposed targets and checks each against the protected list and the width limit,
// with the resolver's signals (shared names, origin AS). Bad values refuse the whole call.
@Injectable()
export class TargetScreeningService {
  constructor(
    private readonly protectedList: ProtectedListService,
    private readonly signals: TargetSignalsService,
  ) {}

  parseAll(
    values: readonly string[],
    measures: readonly Measure[] | null,
    field: string,
  ): ParsedValue[] {
    const problems: FieldProblem[] = [];
    const parsed: ParsedValue[] = [];
    values.forEach((v, i) => {
      const p = parseTargetValue(v);
      if ('error' in p) problems.push({ field: `${field}[${i}]`, message: p.error });
      else parsed.push(p);
    });
    if (problems.length > 0) throw blockingErrors.invalidTargets(problems);
    if (measures) {
      const i = parsed.findIndex((p) => p.kind !== 'fqdn');
      if (i >= 0 && !measures.includes('ip'))
        throw blockingErrors.measureNotOrdered(parsed[i].value, `${field}[${i}]`);
    }
    return parsed;
  }

  index(): Promise<ProtectedIndex> {
    return this.protectedList.index();
  }

  async screen(
    targets: readonly ParsedValue[],
    opts: { lookUp: boolean },
    index?: ProtectedIndex,
  ): Promise<ScreenedTarget[]> {
    const idx = index ?? (await this.protectedList.index());
    const out: ScreenedTarget[] = [];
    for (const parsed of targets) {
      const signals = opts.lookUp
        ? await this.signals.lookUp(parsed)
        : { flags: [], originAsns: [] };
      const result = idx.check(parsed, signals.originAsns);
      out.push({ parsed, conflict: result.ok ? null : result.detail, flags: signals.flags });
    }
    return out;
  }
}
