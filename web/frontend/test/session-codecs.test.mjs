// The Jingle session's codec switching, against a fake RTCPeerConnection that behaves as Chromium
// does where it matters here: the answer keeps the offer's payload order, the first payload type is
// the codec sent, a send stream keeps the layers its first local description gave it, and
// setParameters refuses a scalability mode the codec sent does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { parse } from '../app/js/xmpp/xml-tree.js';
import { parseSdp, ssrcGroups, attrs } from '../app/js/media/sdp.js';
import { browserCapabilities } from '../app/js/media/codecs.js';

// The session builds its IQs with strophe.js's $iq, which the page loads from /libs; here a
// builder of plain trees stands in for it.
const STROPHE_STUB = `
class Builder {
  constructor(name, attrs) { this.root = { name, attrs: { ...attrs }, children: [], text: '' }; this.cur = this.root; this.stack = []; }
  c(name, attrs = {}) { const n = { name, attrs: { ...attrs }, children: [], text: '' }; this.cur.children.push(n); this.stack.push(this.cur); this.cur = n; return this; }
  t(text) { this.cur.text += text; return this; }
  up() { this.cur = this.stack.pop() || this.root; return this; }
  tree() { return this.root; }
}
export function $iq(attrs) { return new Builder('iq', attrs); }`;
register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === '/libs/strophe.esm.js') {
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(STROPHE_STUB)}), shortCircuit: true };
  }
  return next(specifier, context);
}`),
);
const { Session } = await import('../app/js/media/session.js');

const MODES = { AV1: ['L1T3', 'L3T3_KEY'], VP9: ['L1T3', 'L3T3_KEY'], VP8: ['L1T3'], H264: ['L1T3'] };

class FakeSender {
  constructor(pc, mid) {
    this.pc = pc;
    this.mid = mid;
    this.track = null;
    this.encodings = null;
    this.calls = 0;
  }
  async replaceTrack(track) {
    this.track = track;
  }
  getParameters() {
    return { transactionId: 't', codecs: [], encodings: (this.encodings || []).map((e) => ({ ...e })) };
  }
  async setParameters(p) {
    const codec = this.pc.sendCodec(this.mid);
    for (const e of p.encodings) {
      if (e.scalabilityMode && (this.pc.refuse.has(e.scalabilityMode) || !MODES[codec].includes(e.scalabilityMode))) {
        throw new Error(`${e.scalabilityMode} is not supported by ${codec}`);
      }
    }
    this.calls++;
    this.encodings = p.encodings.map((e) => ({ ...e }));
  }
}

class FakePeerConnection {
  constructor() {
    this.transceivers = [];
    this.iceGatheringState = 'complete';
    this.iceConnectionState = 'new';
    this.localDescription = null;
    this.refuse = new Set();
    this.nextSsrc = 1001;
  }
  addEventListener() {}
  removeEventListener() {}
  close() {}
  getTransceivers() {
    return this.transceivers;
  }
  async setRemoteDescription({ sdp }) {
    this.remote = parseSdp(sdp);
    for (const m of this.remote.media) {
      if (this.transceivers.some((t) => t.mid === m.mid)) continue;
      const t = { mid: m.mid, kind: m.kind, direction: 'recvonly', ssrcs: [this.nextSsrc++, this.nextSsrc++] };
      t.sender = new FakeSender(this, m.mid);
      this.transceivers.push(t);
    }
  }
  async createAnswer() {
    const lines = ['v=0', 'o=- 7 2 IN IP4 127.0.0.1', 's=-', 't=0 0', `a=group:BUNDLE ${this.remote.media.map((m) => m.mid).join(' ')}`];
    for (const m of this.remote.media) {
      const t = this.transceivers.find((x) => x.mid === m.mid);
      lines.push(`m=${m.kind} 9 UDP/TLS/RTP/SAVPF ${m.fmts.join(' ')}`, 'c=IN IP4 0.0.0.0', `a=mid:${m.mid}`);
      lines.push('a=ice-ufrag:uf', 'a=ice-pwd:pw', 'a=fingerprint:sha-256 AA:BB', 'a=setup:active');
      const sends = t.direction === 'sendrecv' || t.direction === 'sendonly';
      lines.push('a=' + (t.direction === 'sendrecv' && m.direction === 'sendonly' ? 'recvonly' : t.direction));
      for (const l of m.lines) if (/^a=(rtpmap|fmtp|rtcp-fb):/.test(l)) lines.push(l);
      if (sends && m.kind === 'video') {
        const [s, r] = t.ssrcs;
        lines.push(`a=ssrc-group:FID ${s} ${r}`);
        for (const x of [s, r]) lines.push(`a=ssrc:${x} cname:me`, `a=ssrc:${x} msid:stream track`);
      }
    }
    return { type: 'answer', sdp: lines.join('\r\n') + '\r\n' };
  }
  async setLocalDescription(desc) {
    this.localDescription = desc;
    for (const m of parseSdp(desc.sdp).media) {
      const t = this.transceivers.find((x) => x.mid === m.mid);
      if (m.kind !== 'video' || t.sender.encodings) continue;
      const sim = ssrcGroups(m).find((g) => g.semantics === 'SIM');
      if (!sim && !attrs(m, 'ssrc').length) continue;
      // A send stream's layers are fixed by its first SSRCs (Chromium: "Parameters cannot change").
      const n = sim ? sim.ssrcs.length : 1;
      t.sender.encodings = Array.from({ length: n }, (_, i) => ({ active: true, scaleResolutionDownBy: 2 ** (n - 1 - i) }));
    }
  }
  sendCodec(mid) {
    const m = parseSdp(this.localDescription.sdp).media.find((x) => x.mid === mid);
    const names = new Map(attrs(m, 'rtpmap').map((v) => [v.split(' ')[0], v.split(' ')[1].split('/')[0].toUpperCase()]));
    return m.fmts.map((f) => names.get(f)).find((n) => n !== 'RTX');
  }
  async getStats() {
    const report = new Map();
    const t = this.transceivers.find((x) => x.kind === 'video' && x.sender.encodings);
    const codec = this.sendCodec(t.mid);
    report.set('C1', { type: 'codec', id: 'C1', mimeType: `video/${codec}` });
    t.sender.encodings.forEach((e, i) => {
      if (e.active) report.set(`O${i}`, { type: 'outbound-rtp', kind: 'video', mid: t.mid, ssrc: 5000 + i, codecId: 'C1', scalabilityMode: e.scalabilityMode });
    });
    return report;
  }
}
globalThis.RTCPeerConnection = FakePeerConnection;

const OFFER = `
<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='focus@auth.meet.jitsi/focus' sid='s1'>
 <content creator='initiator' name='video' senders='both'>
  <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
   <payload-type id='41' name='AV1' clockrate='90000'/>
   <payload-type id='100' name='VP8' clockrate='90000'/>
   <payload-type id='107' name='H264' clockrate='90000'/>
   <payload-type id='101' name='VP9' clockrate='90000'/>
   <payload-type id='42' name='rtx' clockrate='90000'><parameter name='apt' value='41'/></payload-type>
   <payload-type id='96' name='rtx' clockrate='90000'><parameter name='apt' value='100'/></payload-type>
   <payload-type id='99' name='rtx' clockrate='90000'><parameter name='apt' value='107'/></payload-type>
   <payload-type id='97' name='rtx' clockrate='90000'><parameter name='apt' value='101'/></payload-type>
   <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='11' name='b7c8d9e0-v0'><ssrc-info xmlns='http://jitsi.org/jitmeet' owner='b7c8d9e0'/></source>
   <rtcp-mux/>
  </description>
  <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'>
   <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>2E:CC</fingerprint>
  </transport>
 </content>
</jingle>`;

const CAPS = browserCapabilities(
  { codecs: ['AV1', 'VP9', 'VP8', 'H264'].map((c) => ({ mimeType: `video/${c}` })) },
  { codecs: Object.entries(MODES).map(([c, modes]) => ({ mimeType: `video/${c}`, scalabilityModes: modes })) },
);

function newSession(order) {
  const sent = [];
  const xmpp = {
    sendIQ(iq) {
      sent.push(iq.tree());
      return Promise.resolve();
    },
  };
  const session = new Session(xmpp, parse(OFFER), {
    endpointId: 'a1b2c3d4',
    ourJid: 'x@meet.jitsi/r',
    focusJid: 'room@muc.meet.jitsi/focus',
    simulcast: true,
    tracks: { audio: null, video: { kind: 'video' }, screen: null },
    videoCodecOrder: order,
    codecCaps: CAPS,
    resolution: 720,
  });
  return { session, sent };
}

/** The jingle actions sent, each with its source SSRCs and group semantics. */
function actions(sent) {
  return sent.map((iq) => {
    const jingle = iq.children[0];
    const found = { action: jingle.attrs.action, sources: [], groups: [], payloads: [] };
    const walk = (n) => {
      if (n.name === 'source' && n.attrs.name) found.sources.push(Number(n.attrs.ssrc));
      if (n.name === 'ssrc-group') found.groups.push(n.attrs.semantics);
      if (n.name === 'payload-type') found.payloads.push(n.attrs.name);
      n.children.forEach(walk);
    };
    walk(jingle);
    return found;
  });
}

function cameraEncodings(session) {
  return session.pc.transceivers.find((t) => t.mid === '0').sender.encodings;
}

test('AV1 goes out as SVC on one SSRC, and the session-accept signals just that SSRC and its RTX', async () => {
  const { session, sent } = newSession(['av1', 'vp9', 'vp8', 'h264']);
  await session.start();
  assert.equal(session.videoCodec, 'AV1');
  assert.equal(session.plan.mode, 'svc');
  const enc = cameraEncodings(session);
  assert.equal(enc.length, 3, 'the SIM-munged answer gave the sender three layers');
  assert.deepEqual(
    enc.map((e) => [e.active, e.scalabilityMode ?? null, e.scaleResolutionDownBy]),
    [
      [true, 'L3T3_KEY', 1],
      [false, null, 2],
      [false, null, 1],
    ],
  );
  const [accept] = actions(sent);
  assert.equal(accept.action, 'session-accept');
  assert.deepEqual(accept.sources, [1001, 1002]);
  assert.deepEqual(accept.groups, ['FID']);
  assert.deepEqual(accept.payloads.slice(0, 4), ['AV1', 'VP9', 'VP8', 'H264'], 'our order, not the focus’s');
  const stats = await session.outboundStats();
  assert.deepEqual(stats.map((s) => [s.codec, s.scalabilityMode]), [['video/AV1', 'L3T3_KEY']]);
});

test('a participant without AV1 and VP9 turns the camera into VP8 simulcast: source-remove, then source-add', async () => {
  const { session, sent } = newSession(['av1', 'vp9', 'vp8', 'h264']);
  await session.start();
  const events = [];
  session.addEventListener('video-codec', (e) => events.push(e.detail));
  sent.length = 0;
  assert.equal(await session.setVideoCodecs(['vp8', 'h264']), 'VP8');
  assert.equal(session.plan.mode, 'simulcast');
  assert.deepEqual(
    cameraEncodings(session).map((e) => [e.active, e.scalabilityMode ?? null, e.scaleResolutionDownBy, e.maxBitrate ?? null]),
    [
      [true, null, 4, null],
      [true, null, 2, null],
      [true, null, 1, null],
    ],
  );
  const [remove, add, ...rest] = actions(sent);
  assert.equal(rest.length, 0);
  assert.equal(remove.action, 'source-remove');
  assert.deepEqual(remove.sources, [1001, 1002]);
  assert.equal(add.action, 'source-add');
  assert.equal(add.sources.length, 6, 'three layers and their RTX');
  assert.equal(add.sources[0], 1001, 'around the same first SSRC');
  assert.deepEqual(add.groups.sort(), ['FID', 'FID', 'FID', 'SIM']);
  assert.deepEqual(events, ['VP8']);

  // The same order again: nothing is renegotiated or sent.
  sent.length = 0;
  const version = session.remote.version;
  await session.setVideoCodecs(['vp8', 'h264']);
  assert.equal(sent.length, 0);
  assert.equal(session.remote.version, version);

  // H.264 is simulcast too: the signalled sources stay, the layers get L1T3.
  assert.equal(await session.setVideoCodecs(['h264', 'vp8']), 'H264');
  assert.equal(sent.length, 0, 'no source change to signal');
  assert.deepEqual(cameraEncodings(session).map((e) => e.scalabilityMode), ['L1T3', 'L1T3', 'L1T3']);

  // Back to VP9: one SSRC again.
  assert.equal(await session.setVideoCodecs(['vp9', 'vp8']), 'VP9');
  assert.deepEqual(actions(sent).map((a) => [a.action, a.sources.length]), [
    ['source-remove', 6],
    ['source-add', 2],
  ]);
  assert.equal(cameraEncodings(session)[0].scalabilityMode, 'L3T3_KEY');
});

test('a browser that refuses the SVC mode sends one plain layer, and says so', async () => {
  const { session, sent } = newSession(['vp9', 'vp8']);
  session.pc.refuse.add('L3T3_KEY');
  await session.start();
  assert.equal(session.videoCodec, 'VP9');
  assert.equal(session.plan.mode, 'single');
  assert.match(session.encodingError, /L3T3_KEY/);
  assert.deepEqual(cameraEncodings(session).map((e) => e.active), [true, false, false]);
  assert.deepEqual(actions(sent)[0].sources, [1001, 1002], 'one layer signalled');
});

test('without an order the focus’s order stands, and the codec is what the answer sends', async () => {
  const { session } = newSession(null);
  await session.start();
  assert.equal(session.videoCodec, 'AV1', 'the offer lists AV1 first');
  const { session: vp8First } = newSession(['vp8']);
  await vp8First.start();
  assert.equal(vp8First.videoCodec, 'VP8');
  assert.equal(vp8First.plan.mode, 'simulcast');
});
