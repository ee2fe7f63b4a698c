// Three participants in daily-standup: each decodes the two others' video and hears their audio
// (framesDecoded and totalAudioEnergy keep rising in getStats). Prints the join time of the last
// one to join, from the click on Join to its first remote video frame. Then the last one closes
// the tab, and the other two see it leave at once.
import { participant, join, joined, waitFor, shot, awaitMediaFrom, log } from '../lib.mjs';

export async function run() {
  const room = 'daily-standup';
  const people = [await participant('ana'), await participant('ben'), await participant('cy')];
  const [ana, ben, cy] = people;
  await join(ana, room);
  await joined(ana);
  await join(ben, room);
  await joined(ben);
  await awaitMediaFrom(ana, [ben], { what: ['video'] });
  const clickedAt = await join(cy, room);
  await waitFor(cy, 'the first remote video frame is shown', () => window.huddle.firstRemoteFrameAt !== null, null, 45000);
  const firstFrameAt = await cy.page.evaluate(() => window.huddle.firstRemoteFrameAt);
  console.log(`JOIN_TIME_MS=${Math.round(firstFrameAt - clickedAt)}`);
  const marks = await cy.page.evaluate(() => window.huddle.marks);
  const steps = Object.entries(marks).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} +${Math.round(v - clickedAt)}`);
  log(`join timeline of ${cy.name} (ms after the click): ${steps.join(', ')}`);
  for (const p of people) {
    const others = people.filter((o) => o !== p);
    const stats = await awaitMediaFrom(p, others, { what: ['video', 'audio'] });
    log(`${p.name} receives`, JSON.stringify(stats));
    await shot(p, 'three-in-daily-standup');
  }
  // The camera goes out layered: three simulcast SSRCs (VP8, H.264) or one SSRC with spatial and
  // temporal layers (VP9, AV1 SVC), whichever codec the meeting chose (AV1 first, by default).
  const mode = await ana.page.evaluate(() => window.huddle.codecs());
  const layers = await ana.page.evaluate(async () => (await window.huddle.outboundStats()).filter((s) => s.kind === 'video' && s.active !== false).map((s) => `${s.codec} ${s.scalabilityMode || ''} ${s.frameHeight}p`));
  log(`ana sends ${mode.codec} as ${mode.mode}: ${JSON.stringify(layers)}`);
  if (mode.mode === 'simulcast' && layers.length < 3) throw new Error(`expected three simulcast layers of the camera, got ${JSON.stringify(layers)}`);
  if (mode.mode === 'svc' && !/^L[23]T3_KEY$/.test(mode.scalabilityMode || '')) throw new Error(`expected K-SVC, got ${JSON.stringify(mode)}`);
  if (mode.mode !== 'simulcast' && mode.mode !== 'svc') throw new Error(`the camera is not sent layered: ${JSON.stringify(mode)}`);
  await waitFor(ana, 'a speaker tile is highlighted', () => !!document.querySelector('.tile.speaking'), null, 20000);
  await shot(ana, 'speaker-highlighted');
  // Closing a tab leaves the meeting at once (pagehide): the others see cy go well before the 60 s
  // (smacks_hibernation_time) in which a dropped stream could still be resumed.
  const cyNick = await cy.page.evaluate(() => window.huddle.conference.muc.nick);
  await cy.page.close();
  for (const p of [ana, ben]) {
    await waitFor(p, "cy's closed tab leaves the meeting", (n) => !window.huddle.conference.muc.occupants.has(n), cyNick, 20000);
  }
  log("cy closed the tab: ana and ben saw cy leave");
}
