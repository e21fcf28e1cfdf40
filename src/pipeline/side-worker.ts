/** The worker thread of side-thread.ts: waits for its task, computes the side analyses, posts them. */
import { parentPort } from 'node:worker_threads';
import { sideAnalyses } from './side.js';
import type { SideReply, SideTask } from './side-thread.js';

parentPort!.once('message', ({ x, plan, built }: SideTask) => {
  let reply: SideReply;
  try {
    const stages: [string, number][] = [];
    const side = sideAnalyses(x, plan, built, (name, ms) => stages.push([name, ms]));
    reply = { ok: true, side, stages };
  } catch (e) {
    reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
