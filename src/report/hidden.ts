/**
 * Words for the disclosure stage's codes (src/disclosure): why a number is
 * hidden, and which aggregates were recomputed without hidden members. The
 * results keep the codes; every writer that shows words goes through here.
 */
import type { HiddenReason, Recomputed } from '../results/results.js';
import { type Lang, say, type Words } from './document.js';

const CODES: readonly string[] = ['small-cell', 'derived', 'reveals-hidden'];

/** True when a `problem` (or sentence) is a hidden number's reason code. */
export function isHidden(problem: string | null | undefined): problem is HiddenReason {
  return problem !== null && problem !== undefined && CODES.includes(problem);
}

/** minCell ≤ 0: the threshold is not at hand, and the words leave it out. */
function reasonWords(code: HiddenReason, minCell: number): Words {
  const flag = minCell > 0 ? `--min-cell ${minCell}` : '--min-cell';
  switch (code) {
    case 'small-cell':
      return minCell > 0
        ? {
            en: `hidden: it rests on a group of fewer than ${minCell} persons (${flag})`,
            da: `skjult: bygger på en gruppe med færre end ${minCell} personer (${flag})`,
          }
        : {
            en: `hidden: it rests on a group too small to show (${flag})`,
            da: `skjult: bygger på en gruppe, der er for lille til at blive vist (${flag})`,
          };
    case 'derived':
      return {
        en: `hidden: it is computed from a number hidden by ${flag}`,
        da: `skjult: beregnet ud fra et tal, der er skjult af ${flag}`,
      };
    case 'reveals-hidden':
      return {
        en: `hidden: a number hidden by ${flag} would follow from it by subtraction`,
        da: `skjult: et tal skjult af ${flag} ville følge af det ved subtraktion`,
      };
  }
}

/** The reason in words (short: for a table cell). */
export function hiddenWords(code: HiddenReason, lang: Lang, minCell: number): string {
  return say(lang, reasonWords(code, minCell));
}

/** A `problem` in the report's language when it is a hidden code, else as it is (or null). */
export function problemWords(
  problem: string | null | undefined,
  lang: Lang,
  minCell: number,
): string | null {
  if (isHidden(problem)) return hiddenWords(problem, lang, minCell);
  return problem ?? null;
}

/** Why a part's numbers are hidden, as a clause for the method notes. */
export function reasonClause(code: HiddenReason, lang: Lang, minCell: number): string {
  const w: Record<HiddenReason, Words> = {
    'small-cell': {
      en: `resting on a group of fewer than ${minCell} persons`,
      da: `bygger på en gruppe med færre end ${minCell} personer`,
    },
    derived: { en: 'derived from a hidden number', da: 'afledt af et skjult tal' },
    'reveals-hidden': {
      en: 'would let a reader recover a hidden number by subtraction',
      da: 'ville lade en læser genskabe et skjult tal ved subtraktion',
    },
  };
  return say(lang, w[code]);
}

/** One sentence per recomputed aggregate. */
export function recomputedWords(r: Recomputed, lang: Lang): string {
  const w: Record<Recomputed['what'], Words> = {
    'variation-without-hidden': {
      en:
        `outcome "${r.part}": the placebo distribution, heterogeneity ` +
        `(Q, I², τ²), shrunken effects, moderator slopes and the range ` +
        `of the municipality effects are computed over the municipalities ` +
        `shown only`,
      da:
        `udfald "${r.part}": placebofordelingen, heterogeniteten (Q, ` +
        `I², τ²), de krympede effekter, moderatorhældningerne og spændet ` +
        `i kommunernes effekter er beregnet over de viste kommuner alene`,
    },
    'holm-over-shown-items': {
      en: 'survey: the Holm adjustment runs over the progression items shown only',
      da: 'spørgeskema: Holm-korrektionen omfatter kun de viste progressionsspørgsmål',
    },
    'fidelity-overall-over-shown-municipalities': {
      en:
        'survey: the overall fidelity rows of elements from which a hidden ' +
        'municipality row would follow by subtraction are the sums over the ' +
        'municipalities shown',
      da:
        'spørgeskema: de samlede fidelitetsrækker for elementer, hvoraf en ' +
        'skjult kommunerække ville følge ved subtraktion, er summer over de ' +
        'viste kommuner',
    },
  };
  return say(lang, w[r.what]);
}
