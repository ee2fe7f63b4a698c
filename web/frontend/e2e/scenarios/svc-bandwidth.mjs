// A receiver whose bandwidth drops gets a lower spatial layer of an SVC camera (VP9 or AV1 as
// HUDDLE_E2E_CODEC says, L3T3_KEY on one SSRC), then climbs back when it recovers. With
// HUDDLE_E2E_SIMULCAST=1 the camera sends that codec as three simulcast encodings instead (Jitsi's
// config.videoQuality.<codec>.useSimulcast), and the receiver gets a lower encoding. The receiver
// tells the bridge its bandwidth as Jitsi clients can (ReceiverVideoConstraints'
// assumedBandwidthBps), and the decoded frame height shows which layer arrives.
import { participant, join, joined, awaitMediaFrom, shot, log, endpointId, preferCodec } from '../lib.mjs';

export async function run() {
  const codec = process.env.HUDDLE_E2E_CODEC || 'VP9';
  const simulcast = process.env.HUDDLE_E2E_SIMULCAST === '1';
  const expected = simulcast ? 'simulcast' : 'svc';
  const room = `${expected}-${codec.toLowerCase()}`;
  const [ana, ben] = [await participant('ana'), await participant('ben')];
  for (const p of [ana, ben]) {
    await preferCodec(p, codec, simulcast ? { useSimulcast: true } : null);
    await join(p, room);
    await joined(p);
  }
  await awaitMediaFrom(ben, [ana], { what: ['video'] });
  const mode = await ana.page.evaluate(() => window.huddle.codecs());
  log(`ana sends ${JSON.stringify(mode)}`);
  if (mode.codec !== codec || mode.mode !== expected) throw new Error(`ana should send ${codec} as ${expected}, sends ${JSON.stringify(mode)}`);
  if (simulcast) {
    // The browser starts on its lowest encoding and adds the others as its own estimate grows.
    const encodings = () => ana.page.evaluate(async () => (await window.huddle.outboundStats()).filter((s) => s.kind === 'video' && s.framesEncoded > 0).map((s) => `${s.codec} ${s.scalabilityMode || ''} ${s.frameHeight}p`));
    let layers = await encodings();
    for (let i = 0; i < 40 && layers.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 500));
      layers = await encodings();
    }
    log(`ana's encodings: ${JSON.stringify(layers)}`);
    if (layers.length < 2) throw new Error(`ana should send several ${codec} simulcast encodings, sends ${JSON.stringify(layers)}`);
  }
  const source = `${await endpointId(ana)}-v0`;
  const height = () => ben.page.evaluate(async (owner) => {
    const s = (await window.huddle.inboundStats()).filter((x) => x.kind === 'video' && x.owner === owner);
    return s.length ? Math.max(...s.map((x) => x.frameHeight || 0)) : 0;
  }, source.replace(/-v0$/, ''));
  const constrain = (bps) => ben.page.evaluate(([name, b]) => window.huddle.conference.channel.send({
    colibriClass: 'ReceiverVideoConstraints', lastN: -1, onStageSources: [name], selectedSources: [],
    defaultConstraints: { maxHeight: 720 }, constraints: { [name]: { maxHeight: 720 } }, assumedBandwidthBps: b,
  }), [source, bps]);
  const until = async (what, ok) => {
    const end = Date.now() + 60000;
    let h = 0;
    while (Date.now() < end) {
      h = await height();
      if (ok(h)) return h;
      await new Promise((r) => setTimeout(r, 500));
    }
    await shot(ben, `timeout-${what.replace(/\W+/g, '-')}`);
    throw new Error(`ben: ${what} did not happen within 60 s (ana's video arrives at ${h}p)`);
  };
  await constrain(-1);
  const full = await until('ana arrives at 720p', (h) => h >= 720);
  await constrain(250_000);
  const low = await until(`ana drops to a lower ${simulcast ? 'encoding' : 'spatial layer'}`, (h) => h > 0 && h < 720);
  await constrain(-1);
  const back = await until('ana climbs back to 720p', (h) => h >= 720);
  log(`ben decodes ana's ${codec} ${expected}: ${full}p, then ${low}p at 250 kb/s, then ${back}p again`);
}
