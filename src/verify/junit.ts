/**
 * JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one
 * <testcase> per check, a <failure> with the published figure, the accepted
 * interval and the source when it missed.
 */
import type { CheckResult } from './verify.js';

/** The first line after the XML declaration: how effekt recognises a file it wrote itself. */
export const JUNIT_MARK = '<!-- written by effekt verify -->';

/** Escape text for an XML attribute or element. */
export function xmlEscape(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

function show(v: number | null): string {
  if (v === null) return 'none';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  return String(Number(v.toPrecision(12)));
}

/**
 * A JUnit document with one suite (named after the expectation file's title) and a test case per
 * check.
 */
export function junitXml(checks: CheckResult[], suite: string): string {
  const failures = checks.filter((c) => !c.pass).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    JUNIT_MARK,
    `<testsuites name="effekt verify" tests="${checks.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${checks.length}" ` +
      `failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const c of checks) {
    const open = `    <testcase classname="${xmlEscape(suite)}" name="${xmlEscape(c.id)}"`;
    if (c.pass) {
      lines.push(`${open}/>`);
      continue;
    }
    const why = c.reason ?? `got ${show(c.actual)}, accepted ${show(c.low)} … ${show(c.high)}`;
    const body = [
      `result: ${c.result}`,
      `got: ${show(c.actual)}`,
      `accepted: ${show(c.low)} … ${show(c.high)}`,
    ];
    if (c.expected !== undefined) body.push(`published: ${show(c.expected)}`);
    body.push(`source: ${c.source}`);
    lines.push(
      `${open}>`,
      `      <failure message="${xmlEscape(why)}" type="verify">` +
        `${xmlEscape(body.join('\n'))}</failure>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
