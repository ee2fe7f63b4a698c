// Three participants of Huddle's own app, all preferring one codec (HUDDLE_E2E_CODEC: VP8, VP9,
// AV1 or H264, set as an operator would, through config.js's videoQuality.codecPreferenceOrder):
// each sends that codec and decodes the two others' video in it.
import { participant, join, joined, awaitMediaFrom, shot, log, preferCodec } from '../lib.mjs';

export async function run() {
  const codec = process.env.HUDDLE_E2E_CODEC || 'VP8';
  const room = `codec-${codec.toLowerCase()}`;
  const people = [];
  for (const name of ['ana', 'ben', 'cy']) {
    const p = await participant(name);
    await preferCodec(p, codec);
    people.push(p);
  }
  for (const p of people) {
    await join(p, room);
    await joined(p);
  }
  for (const p of people) {
    const others = people.filter((o) => o !== p);
    const got = await awaitMediaFrom(p, others, { what: ['video'] });
    const used = await p.page.evaluate(() => window.huddle.videoCodec);
    const inbound = await p.page.evaluate(async () => (await window.huddle.inboundStats()).filter((s) => s.kind === 'video' && s.framesDecoded > 0).map((s) => s.codec));
    const outbound = await p.page.evaluate(async () => (await window.huddle.outboundStats()).filter((s) => s.kind === 'video' && s.framesEncoded > 0).map((s) => `${s.codec} ${s.scalabilityMode || ''} ${s.frameHeight}p`));
    log(`${p.name} sends ${codec}: ${JSON.stringify(outbound)}; decodes ${JSON.stringify(got)} in ${JSON.stringify(inbound)}`);
    if (used !== codec) throw new Error(`${p.name} sends ${used}, not ${codec}`);
    const wrong = inbound.filter((c) => !String(c).toUpperCase().endsWith(`/${codec}`));
    if (inbound.length < others.length || wrong.length > 0) {
      throw new Error(`${p.name} should decode ${others.length} ${codec} streams, decodes ${JSON.stringify(inbound)}`);
    }
    await shot(p, `three-in-${codec}`);
  }
}

