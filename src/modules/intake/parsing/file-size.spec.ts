import { parseFileSize } from './file-size';

describe('parseFileSize', () => {
  it.each([
    ['1253775203', 1253775203, []],
    ['176,000,000', 176000000, ['file_size_text']],
    ['176.000.000', 176000000, ['file_size_text']],
    ['176 MB', 176 * 1024 ** 2, ['file_size_text']],
    ['1.2 GB', Math.round(1.2 * 1024 ** 3), ['file_size_text']],
    ['1,5 GiB', Math.round(1.5 * 1024 ** 3), ['file_size_text']],
    ['734003200 bytes', 734003200, ['file_size_text']],
    ['4831838208', 4831838208, ['file_size_large']],
    ['4.5 GB', Math.round(4.5 * 1024 ** 3), ['file_size_text', 'file_size_large']],
  ])('reads %j', (raw, bytes, warnings) => {
    expect(parseFileSize(raw)).toEqual({ bytes, warnings });
  });

  it.each(['', '   '])('treats %j as absent', (raw) => {
    expect(parseFileSize(raw)).toEqual({ bytes: null, warnings: [] });
  });

  it.each(['big', '12 parsecs', '-5', '99999999999999999999'])('refuses %j', (raw) => {
    expect(parseFileSize(raw)).toEqual({ bytes: null, warnings: ['file_size_invalid'] });
  });
});
