import { z } from 'zod';
import { col } from '../../database/checked-rows';

// What a message says about one notice item besides its time and address: port, protocol and
// the work. Read alike by the warning's composer and the subscriber's challenge page.
export const itemFactColumns = {
  port: col.int.nullable(),
  protocol: col.text.nullable(),
  title: col.text.nullable(),
  file_name: col.text.nullable(),
};

export interface ItemFacts {
  port: number | null;
  protocol: string | null;
  title: string | null;
  fileName: string | null;
}

export const toItemFacts = (r: z.output<z.ZodObject<typeof itemFactColumns>>): ItemFacts => ({
  port: r.port,
  protocol: r.protocol,
  title: r.title,
  fileName: r.file_name,
});
