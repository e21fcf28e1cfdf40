/**
 * Provenance without paths: results.json and the manifest name the input by
 * file name and SHA-256 only, so no folder of the secure environment leaves
 * it, and the same extract run from another folder gives the same bytes.
 */

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { baseGroups, writeCase } from '../disclosure/corpus.js';
import { fixturesDir, tmpFolder } from '../helpers/tmp.js';

function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? files(dir, path.join(rel, e.name)) : [path.join(rel, e.name)],
    )
    .sort();
}

describe('provenance', () => {
  it(
    'names the input by file name and checksum, and a rerun from another ' +
      'folder is byte-identical',
    async () => {
      const root = tmpFolder('effekt-prov-');
      const a = path.join(root, 'project');
      const b = path.join(root, 'somewhere', 'else', 'entirely');
      mkdirSync(a, { recursive: true });
      mkdirSync(b, { recursive: true });
      writeCase(a, 'prov', baseGroups(), 19);
      writeCase(b, 'prov', baseGroups(), 19);
      // Both specs name a municipality file and the survey files; b names every file by an absolute
      // path: still only file names may be written (results.json, manifest, report).
      const survey = path.join(fixturesDir, 'variation-survey');
      for (const [dir, at] of [
        [a, (f: string) => f],
        [b, (f: string) => path.join(b, f)],
      ] as const) {
        const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
        copyFileSync(path.join(survey, 'progression.csv'), path.join(dir, 'progression.csv'));
        copyFileSync(path.join(survey, 'fidelity.csv'), path.join(dir, 'fidelity.csv'));
        const rows = spec.treated.map((m: string, i: number) => `${m},${i + 1}`);
        writeFileSync(path.join(dir, 'kommuner.csv'), ['municipality,x', ...rows, ''].join('\n'));
        spec.data.path = at('dream.csv');
        spec.municipalityData = at('kommuner.csv');
        spec.progression = { path: at('progression.csv') };
        spec.fidelity = { path: at('fidelity.csv'), agree: [4, 5] };
        // Every format, the PNGs at 30 dpi (the text is checked here; report.test.ts checks print
        // size).
        spec.report = { dpi: 30 };
        writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec, null, 2));
      }
      await runEvaluation(path.join(a, 'spec.json'), { out: path.join(a, 'out'), minCell: 3 });
      await runEvaluation(path.join(b, 'spec.json'), {
        out: path.join(root, 'reports-b'),
        minCell: 3,
      });
      const outA = path.join(a, 'out');
      const outB = path.join(root, 'reports-b');
      const list = files(outA);
      expect(list).toEqual(files(outB));
      expect(list.length).toBeGreaterThanOrEqual(8);
      for (const f of list) {
        const ta = readFileSync(path.join(outA, f), 'utf8');
        const tb = readFileSync(path.join(outB, f), 'utf8');
        // No folder of either machine appears in any text output (embedded base64 images and zipped
        // Office files
        // are bytes, where "/tmp" can occur by chance; their texts are the report's, checked in
        // report.md).
        const text = /\.(png|docx|xlsx)$/.test(f)
          ? ''
          : ta.replace(/data:[a-z/+]+;base64,[A-Za-z0-9+/=]+/g, '');
        for (const dir of [root, a, b, path.dirname(root)])
          expect(text.includes(dir), `${f} names ${dir}`).toBe(false);
        if (f === 'manifest.json')
          expect({ ...JSON.parse(ta), timings_ms: null }).toEqual({
            ...JSON.parse(tb),
            timings_ms: null,
          });
        else expect(ta, f).toBe(tb);
      }
      const sha = createHash('sha256')
        .update(readFileSync(path.join(a, 'dream.csv')))
        .digest('hex');
      const results = JSON.parse(readFileSync(path.join(outA, 'results.json'), 'utf8'));
      expect([results.data.file, results.data.sha256]).toEqual(['dream.csv', sha]);
      const manifest = JSON.parse(readFileSync(path.join(outA, 'manifest.json'), 'utf8'));
      expect([manifest.input.file, manifest.input.sha256]).toEqual(['dream.csv', sha]);
      expect(results.survey.files.fidelity.file).toBe('fidelity.csv');
      expect(manifest.spec.fidelity.path).toBe('fidelity.csv');
      expect(manifest.spec.municipalityData).toBe('kommuner.csv');
    },
  );
});
