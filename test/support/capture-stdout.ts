// Copies everything written to stdout (pino's JSON log lines) into `into`, still passing it
// through; returns the function that restores the original writer. Specs search the lines for
// subscriber identity.
export function captureStdout(into: string[]): () => void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  };
  return () => {
    process.stdout.write = write;
  };
}
