import { describe, expect, it } from 'vitest';
import { type CellSums, didFromCellSums } from '../../../src/estimators/did/index.js';
import { placeboEstimates } from '../../../src/estimators/variation/index.js';
import { fromObs, type Obs } from '../did/helpers.js';

// Comparison a, b, c, d (cells 0, 1); treated t (index 4). Cells of the treated are 2, 3.
const LABELS = ['c', 'a', 'd', 'b', 't'];
const OBS: Obs[] = [
  [0, 0, 1],
  [0, 0, 0],
  [0, 1, 1],
  [0, 1, 1],
  [0, 1, 0],
  [1, 0, 0],
  [1, 0, 0],
  [1, 0, 1],
  [1, 1, 1],
  [1, 1, 1],
  [2, 0, 1],
  [2, 0, 1],
  [2, 1, 0],
  [2, 1, 0],
  [2, 1, 1],
  [2, 1, 0],
  [3, 0, 0],
  [3, 1, 1],
  [3, 1, 0],
  [4, 2, 1],
  [4, 3, 1],
  [4, 3, 1],
];

/**
 * The placebo by relabelling: c's cells become the treated cells, the treated municipality is
 * dropped, and the ordinary DiD is run.
 */
function relabelled(g: number): number {
  const obs: Obs[] = OBS.filter((o) => o[0] !== 4).map(([h, c, y]) => [h, h === g ? c + 2 : c, y]);
  return didFromCellSums(fromObs(LABELS, obs)).estimate!;
}

describe('placeboEstimates', () => {
  const s: CellSums = fromObs(LABELS, OBS);
  const p = placeboEstimates(s, [4]);

  it(
    'one per comparison municipality, sorted by label, each the DiD with ' +
      'that municipality as treated and the treated left out',
    () => {
      expect(p.map((x) => x.municipality)).toEqual(['a', 'b', 'c', 'd']);
      for (const x of p)
        expect(x.estimate).toBeCloseTo(relabelled(LABELS.indexOf(x.municipality)), 14);
      // By hand for a: (2/2 − 1/3) − ((2+1+1)/(3+4+2) − (1+2+0)/(2+2+1)) = 2/3 − (4/9 − 3/5).
      expect(p[0].estimate).toBeCloseTo(2 / 3 - (4 / 9 - 3 / 5), 14);
      expect(p[0].n).toBe(5);
    },
  );

  it('a municipality without a before cohort has no placebo, with a reason', () => {
    const q = placeboEstimates(
      fromObs(
        LABELS,
        OBS.filter((o) => !(o[0] === 3 && o[1] === 0)),
      ),
      [4],
    );
    const b = q.find((x) => x.municipality === 'b')!;
    expect(b.estimate).toBeNull();
    expect(b.problem).toBe('municipality b has no before observations');
  });
});
