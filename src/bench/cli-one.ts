/**
 * One `effekt` command in this process, as a user runs it, for the bench's small runs: its
 * exit code, CPU time (user + system, all threads, from the process' start, module loading
 * included) and peak RSS as one JSON line on stderr after the command's own output.
 */
import { main } from '../cli/main.js';

const code = await main(['node', 'effekt', ...process.argv.slice(2)]);
const c = process.cpuUsage();
process.stderr.write(
  `${JSON.stringify({
    code,
    cpu_ms: (c.user + c.system) / 1000,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
process.exitCode = code;
