/**
 * The disclosure rule on hand-made declarations: each step (primary,
 * propagation, secondary, partitions, unpublished members) checked against
 * what a person applying the rule by hand hides.
 */
import { describe, expect, it } from 'vitest';
import { apply, type Declaration, decide, isSmall } from '../../src/disclosure/rule.js';

/** A total of 12 persons in three parts of 2, 4 and 6, and a mean resting on the part of 2. */
function table(): { value: unknown; decls: Declaration[] } {
  const value = {
    total: 12,
    parts: [2, 4, 6],
    mean: 41.5,
    smd: 0.3,
    note: 'the smallest part has 2 persons',
  };
  const decls: Declaration[] = [
    {
      part: 't',
      label: 'a table',
      cells: [
        { key: 'a', persons: 2 },
        { key: 'b', persons: 4 },
        { key: 'c', persons: 6 },
        { key: 'all', persons: 12 },
      ],
      numbers: [
        { path: ['total'], restsOn: ['all'] },
        { path: ['parts', 0], restsOn: ['a'] },
        { path: ['parts', 1], restsOn: ['b'] },
        { path: ['parts', 2], restsOn: ['c'] },
        { path: ['mean'], restsOn: ['a'] },
        { path: ['smd'], derivesFrom: [['mean']] },
        { path: ['note'], restsOn: ['a'], text: true },
      ],
      relations: [
        { what: 'total = parts', members: [['total'], ['parts', 0], ['parts', 1], ['parts', 2]] },
      ],
    },
  ];
  return { value, decls };
}

const hiddenPaths = (d: ReturnType<typeof decide>) => [...d.hidden.keys()].sort();

describe('isSmall', () => {
  it('1 ≤ persons < N is small; 0 and N are not; N ≤ 1 hides nothing', () => {
    expect([0, 1, 2, 4, 5, 6].map((n) => isSmall(n, 5))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(isSmall(0, 1)).toBe(false);
    expect(isSmall(1, 1)).toBe(false);
    expect(isSmall(1, 0)).toBe(false);
  });
});

describe('decide', () => {
  it('N = 3: the part of 2 and all resting on it are hidden; the total is the complement', () => {
    const { decls } = table();
    const d = decide(decls, 3);
    expect(hiddenPaths(d)).toEqual(
      ['["mean"]', '["note"]', '["parts",0]', '["smd"]', '["total"]'].sort(),
    );
    expect(d.hidden.get('["parts",0]')).toBe('small-cell');
    expect(d.hidden.get('["smd"]')).toBe('derived');
    expect(d.hidden.get('["total"]')).toBe('reveals-hidden');
    expect(d.byPart.get('t')!.counts).toEqual({
      'small-cell': 3,
      derived: 1,
      'reveals-hidden': 1,
    });
  });

  it(
    'N = 5: two parts are small, so the relation already has two hidden ' +
      'members and the total stays',
    () => {
      const d = decide(table().decls, 5);
      expect(hiddenPaths(d)).toEqual(
        ['["mean"]', '["note"]', '["parts",0]', '["parts",1]', '["smd"]'].sort(),
      );
    },
  );

  it('N = 13: everything rests on a small cell', () => {
    expect(decide(table().decls, 13).hidden.size).toBe(7);
  });

  it('N ≤ 2 hides nothing here', () => {
    expect(decide(table().decls, 2).hidden.size).toBe(0);
    expect(decide(table().decls, 0).hidden.size).toBe(0);
  });

  it('each step can be switched off, and then its numbers stay', () => {
    const { decls } = table();
    expect(decide(decls, 3, { primary: false }).hidden.size).toBe(0);
    expect(hiddenPaths(decide(decls, 3, { propagation: false }))).not.toContain('["smd"]');
    expect(hiddenPaths(decide(decls, 3, { secondary: false }))).not.toContain('["total"]');
    expect(decide(decls, 3, { skipParts: new Set(['t']) }).hidden.size).toBe(0);
  });

  it(
    "a partition: the hidden members' sum must not be small either (1 + 2 " +
      'of a known total of 20 with N = 5)',
    () => {
      const counts = [1, 2, 3, 14];
      const decls: Declaration[] = [
        {
          part: 'p',
          label: 'row',
          cells: counts.map((n, i) => ({ key: `k${i}`, persons: n })),
          numbers: counts.map((_, i) => ({ path: ['row', i], restsOn: [`k${i}`] })),
          relations: [{ what: 'row adds up', members: counts.map((_, i) => ['row', i]), counts }],
        },
      ];
      // 1, 2, 3 are small (sum 6 ≥ 5): nothing more. With N = 3: 1 and 2 are small, their sum 3 is
      // not: nothing more.
      expect(hiddenPaths(decide(decls, 5))).toEqual(['["row",0]', '["row",1]', '["row",2]']);
      expect(hiddenPaths(decide(decls, 3))).toEqual(['["row",0]', '["row",1]']);
      // With N = 4: 1, 2, 3 small (sum 6): fine. Counts 1 and 0 and 9 with N = 3: 1 is small, the 0
      // cannot cover it, 9 is hidden.
      const c2 = [1, 0, 9];
      const d2: Declaration[] = [
        {
          part: 'p',
          label: 'row',
          cells: c2.map((n, i) => ({ key: `k${i}`, persons: n })),
          numbers: c2.map((_, i) => ({ path: ['row', i], restsOn: [`k${i}`] })),
          relations: [{ what: 'row adds up', members: c2.map((_, i) => ['row', i]), counts: c2 }],
        },
      ];
      expect(hiddenPaths(decide(d2, 3))).toEqual(['["row",0]', '["row",2]']);
    },
  );

  it(
    'an unpublished member that is small hides a published one (persons ' +
      'without a value = cell − with a value)',
    () => {
      const decls: Declaration[] = [
        {
          part: 'b',
          label: 'balance',
          cells: [
            { key: 'cell', persons: 50 },
            { key: 'with', persons: 48 },
            { key: 'without', persons: 2 },
          ],
          numbers: [
            { path: ['cell'], restsOn: ['cell'] },
            { path: ['with'], restsOn: ['with'] },
          ],
          relations: [
            {
              what: 'cell = with + without',
              members: [['with'], ['cell']],
              unpublished: ['without'],
            },
          ],
        },
      ];
      expect(hiddenPaths(decide(decls, 5))).toEqual(['["with"]']);
      expect(decide(decls, 2).hidden.size).toBe(0);
    },
  );
});

describe('apply', () => {
  it("sets hidden numbers to null and hidden texts to the reason's code, on a copy", () => {
    const { value, decls } = table();
    const out = apply(value, decls, decide(decls, 3)) as Record<string, unknown>;
    expect(out).toEqual({
      total: null,
      parts: [null, 4, 6],
      mean: null,
      smd: null,
      note: 'small-cell', // the reason's code: the report words it
    });
    expect((value as { parts: number[] }).parts[0]).toBe(2);
  });

  it('writes a hidden text where it was absent, and leaves other missing paths alone', () => {
    const decls: Declaration[] = [
      {
        part: 'x',
        label: 'x',
        cells: [{ key: 'a', persons: 1 }],
        numbers: [
          { path: ['e', 'problem'], restsOn: ['a'], text: true },
          { path: ['e', 'gone'], restsOn: ['a'] },
          { path: ['nothing', 'here'], restsOn: ['a'] },
        ],
      },
    ];
    const out = apply({ e: { estimate: 1 } }, decls, decide(decls, 5));
    expect(out).toEqual({ e: { estimate: 1, problem: 'small-cell' } });
  });
});
