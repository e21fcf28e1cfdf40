import { describe, expect, it } from 'vitest';
import { municipalityFlag } from '../../../src/estimators/variation/index.js';

const cells = (a: number | null, b: number | null) => [
  { n: 100, share: 0.2 },
  { n: 120, share: 0.25 },
  { n: 30, share: a },
  { n: 40, share: b },
];

describe('municipalityFlag', () => {
  it('few persons first, then no events or only events in its own cells, else informative', () => {
    expect(municipalityFlag(9, cells(0, 0), 10)).toBe('few-persons');
    expect(municipalityFlag(10, cells(0, 0), 10)).toBe('no-events');
    expect(municipalityFlag(10, cells(1, 1), 10)).toBe('all-events');
    expect(municipalityFlag(10, cells(0, 0.1), 10)).toBeNull();
    expect(municipalityFlag(50, cells(0.3, 0.5), 10)).toBeNull();
  });
});
