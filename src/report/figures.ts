/**
 * The report's figures, from Results: for each share outcome the four cells
 * by calendar week (seed figures 1, 3, 4, top), the weekly effect with its
 * interval and the pooling window (bottom), the effect by weeks since entry,
 * and per-municipality effects; for each survival outcome the Kaplan–Meier
 * curves with a number-at-risk table (seed figure 2); and the state
 * distribution by weeks since entry.
 *
 * Made to print: the four cells differ by marker (participants ●, comparison
 * ■) and line type (during solid, before dashed) as well as colour; weeks
 * where a cell holds fewer than `minPersons` persons are left out (hatched)
 * and do not set the axis; calendar axes carry ISO weeks. Every text is in
 * the report's language; `bare` leaves out title and note for documents
 * that caption figures themselves (the texts are returned beside the SVG).
 */

import type { Results } from '../results/results.js';
import { reportContext } from './context.js';
import { eventStudyFigure, eventStudyFigureFile } from './eventstudy/section.js';
import {
  type Ctx,
  cellStyles,
  type Figure,
  type FigureOptions,
  lowerFirst,
  MIN_PERSONS_DEFAULT,
  svgText,
  unescapeXml,
} from './figure.js';
import { outcomeHeadline } from './headline.js';
import { shareFigures } from './share/figures.js';
import { statesFigure } from './states/figure.js';
import { survivalFigure } from './survival/figure.js';

export type { Figure, FigureOptions } from './figure.js';
export { isoWeekLabel, MIN_PERSONS_DEFAULT } from './figure.js';
export { quarterTicks, thinWeeks, weekRuns } from './share/figures.js';
export { atRiskAt } from './survival/figure.js';

export function renderFigures(r: Results, opts: FigureOptions = {}): Figure[] {
  const report =
    opts.context ?? reportContext(null, 'en', r.inference.level, r.suppression.min_cell);
  const lang = report.lang;
  const ctx: Ctx = {
    lang,
    f: report.f,
    report,
    level: r.inference.level,
    bare: opts.bare ?? false,
    minPersons: opts.minPersons ?? MIN_PERSONS_DEFAULT,
    calendar: opts.calendar ?? null,
    t: report.t,
    L: report.f.levelLabel(r.inference.level),
    // Without a context the figures keep their short default names ("Participants, during").
    cells: cellStyles(lang, opts.context ? report.labels : {}),
    titleOf: (id, fallback) => report.outcomeTitle(id, fallback),
  };
  const out: Figure[] = [];
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') out.push(...shareFigures(id, o, ctx, outcomeHeadline(r, id)));
    else
      out.push(
        survivalFigure(
          id,
          o,
          ctx,
          opts.context ? lowerFirst(report.stateTitle(o.event)) : o.event,
          outcomeHeadline(r, id),
        ),
      );
  }
  const states = statesFigure(r, ctx);
  if (states) out.push(states);
  // Event study (report/eventstudy/): title, note and alt read back from its SVG.
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    // The outcome's title in the report's language (results.json holds the English one).
    const svg = eventStudyFigure(
      report,
      { ...es, title: report.outcomeTitle(id, es.title) },
      ctx.bare,
    );
    const file = eventStudyFigureFile(id);
    const title = svgText(svg, /<title[^>]*>([^<]*)<\/title>/);
    const note = [...svg.matchAll(/<text class="note"[^>]*>([^<]*)<\/text>/g)]
      .map((m) => unescapeXml(m[1]))
      .join(' ');
    out.push({
      outcome: id,
      kind: 'event-study',
      file,
      png: file.replace(/\.svg$/, '.png'),
      svg,
      title,
      note,
      alt: svgText(svg, /<desc[^>]*>([^<]*)<\/desc>/) || title,
    });
  }
  return out;
}
