// Join time (issue 18), for bench/join: ana and ben meet in daily-standup with video; then a third
// Chromium joins HUDDLE_JOIN_COUNT times (default 10), each time in a fresh profile, clicking Join
// HUDDLE_JOIN_PAUSE_MS (default 1000) after its pre-join preview shows, and leaves once it shows
// a remote video frame. Each join prints one JOIN_SAMPLE line: the endpoint id, the click in epoch
// ms (to line up with the server's log) and the app's milestones (marks.js) in ms after the click.
// A join that shows no remote frame within 20 s is recorded as failed (with what it received) and
// the next one goes on.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import { participant, join, joined, waitFor, awaitMediaFrom, log, OUT } from '../lib.mjs';

const COUNT = Number(process.env.HUDDLE_JOIN_COUNT || 10);
// How long the joiner looks at its pre-join screen, preview shown, before clicking Join: a person
// takes at least this long (name, camera, microphone), and the app uses it to log in.
const PAUSE_MS = Number(process.env.HUDDLE_JOIN_PAUSE_MS || 1000);

export async function run() {
  const room = 'daily-standup';
  const ana = await participant('ana');
  const ben = await participant('ben');
  await join(ana, room);
  await joined(ana);
  await join(ben, room);
  await joined(ben);
  await awaitMediaFrom(ana, [ben], { what: ['video'] });
  await awaitMediaFrom(ben, [ana], { what: ['video'] });
  const samples = [];
  for (let i = 0; i < COUNT; i++) {
    const cy = await participant(`cy${i}`);
    await join(cy, room, { pauseMs: PAUSE_MS });
    let failed = null;
    try {
      await waitFor(cy, 'the first remote video frame is shown', () => window.huddle.firstRemoteFrameAt !== null, null, 20000);
    } catch (e) {
      failed = `${e.message}; it receives ${JSON.stringify(await cy.page.evaluate(() => window.huddle.inboundStats()).catch(() => null))}`;
    }
    // The click as the app saw it (its submit handler), without the driver's own dispatch time.
    const clickedAt = await cy.page.evaluate(() => window.huddle.joinClickedAt);
    const seen = await cy.page.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: window.huddle.marks,
      endpointId: window.huddle.conference.endpointId,
    }));
    const marks = Object.fromEntries(Object.entries(seen.marks).map(([k, v]) => [k, Math.round(v - clickedAt)]));
    const sample = { endpointId: seen.endpointId, clickEpochMs: Math.round(seen.origin + clickedAt), marks, ...(failed ? { failed } : {}) };
    samples.push(sample);
    console.log(`JOIN_SAMPLE=${JSON.stringify(sample)}`);
    log(`join ${i + 1}/${COUNT}: ${failed ? `FAILED: ${failed}` : `${marks['first-remote-frame']} ms`}`);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(pathJoin(OUT, 'join-samples.json'), JSON.stringify(samples, null, 1));
    const nick = await cy.page.evaluate(() => window.huddle.conference.muc.nick);
    // Leaves as the Leave button does (a closed tab's leave is three-participants' business).
    await cy.page.evaluate(() => window.huddle.conference.leave()).catch(() => {});
    for (const p of [ana, ben]) {
      await waitFor(p, `${cy.name} leaves`, (n) => !window.huddle.conference.muc.occupants.has(n), nick, 20000);
    }
    await cy.context.close();
    await new Promise((r) => setTimeout(r, 1500)); // the focus's codec choice and the bridge settle
  }
}
