import { FoldedWarnings, WARNING_FOLD_MS } from './http-exception.filter';

describe('FoldedWarnings', () => {
  it('writes a line once per fold window and the count of its repeats with its next occurrence', () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const warnings = new FoldedWarnings({ warn: (line: string) => void lines.push(line) }, () => now);
    warnings.warn('unavailable: no instance of the registry service is running');
    for (let i = 0; i < 250; i++) warnings.warn('unavailable: no instance of the registry service is running');
    warnings.warn('unavailable: no instance of the events service is running');
    expect(lines).toEqual(['unavailable: no instance of the registry service is running', 'unavailable: no instance of the events service is running']);

    now += WARNING_FOLD_MS;
    warnings.warn('unavailable: no instance of the registry service is running');
    warnings.warn('unavailable: no instance of the registry service is running');
    expect(lines.slice(2)).toEqual([`unavailable: no instance of the registry service is running (and 250 more in the ${WARNING_FOLD_MS / 1000} s before)`]);

    now += WARNING_FOLD_MS;
    warnings.warn('unavailable: no instance of the registry service is running');
    expect(lines.slice(3)).toEqual([`unavailable: no instance of the registry service is running (and 1 more in the ${WARNING_FOLD_MS / 1000} s before)`]);
  });

  it('forgets lines whose window has passed once it holds many, so distinct lines cannot grow it for ever', () => {
    let now = 0;
    const lines: string[] = [];
    const warnings = new FoldedWarnings({ warn: (line: string) => void lines.push(line) }, () => now);
    for (let i = 0; i < 5000; i++) {
      warnings.warn(`line ${i}`);
      now += WARNING_FOLD_MS / 100;
    }
    expect(lines).toHaveLength(5000);
    expect((warnings as unknown as { folded: Map<string, unknown> }).folded.size).toBeLessThanOrEqual(1001);
  });
});
