// The video codec choice (docs/codecs-web.md): our order from config.js and the browser, the codec
// lists in presence as lib-jitsi-meet writes and reads them, the codec common to everyone, the
// offer's payload order, and how the camera is sent and signalled for each codec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import { presenceChildren, readPresence } from '../app/js/xmpp/presence.js';
import { parseOffer, RemoteOffer, localContents, localSourceSets } from '../app/js/media/jingle-sdp.js';
import { parseSdp, ssrcGroups, ssrcs } from '../app/js/media/sdp.js';
import { mungeSimulcast, firstLayerOnly } from '../app/js/media/simulcast.js';
import {
  browserCapabilities,
  localCodecOrder,
  isMobileAgent,
  encodeCodecList,
  decodeCodecList,
  selectCodecOrder,
  orderPayloads,
  offeredCodecs,
  sendPlan,
  planEncodings,
  sendCodecOf,
  codecName,
} from '../app/js/media/codecs.js';

/** Capabilities shaped like Chromium's RTCRtp{Receiver,Sender}.getCapabilities('video'). */
function chromiumCaps({ av1 = true, vp9 = true, h264 = true, svc = true } = {}) {
  const svcModes = svc ? ['L1T1', 'L1T2', 'L1T3', 'L2T3_KEY', 'L3T3_KEY', 'L3T3'] : [];
  const codecs = [
    { mimeType: 'video/VP8', clockRate: 90000, scalabilityModes: ['L1T1', 'L1T2', 'L1T3'] },
    { mimeType: 'video/rtx', clockRate: 90000 },
  ];
  if (vp9) codecs.push({ mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0', scalabilityModes: svcModes });
  if (vp9) codecs.push({ mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=2', scalabilityModes: svcModes });
  if (h264) codecs.push({ mimeType: 'video/H264', clockRate: 90000, scalabilityModes: ['L1T1', 'L1T3'] });
  if (av1) codecs.push({ mimeType: 'video/AV1', clockRate: 90000, scalabilityModes: svcModes });
  codecs.push({ mimeType: 'video/red', clockRate: 90000 }, { mimeType: 'video/ulpfec', clockRate: 90000 });
  return { codecs };
}

const CHROMIUM = browserCapabilities(chromiumCaps(), chromiumCaps());

test("the browser's capabilities: codec names in lower case, and each codec's scalability modes", () => {
  assert.deepEqual([...CHROMIUM.decode].sort(), ['av1', 'h264', 'vp8', 'vp9']);
  assert.ok(CHROMIUM.encode.get('vp9').has('L3T3_KEY'));
  assert.ok(!CHROMIUM.encode.get('vp8').has('L3T3_KEY'));
  assert.ok(!CHROMIUM.encode.has('rtx') && !CHROMIUM.encode.has('red'));
  const none = browserCapabilities(null, undefined);
  assert.equal(none.decode.size, 0);
  assert.equal(codecName('video/h264'), 'H264');
  assert.equal(codecName('rtx'), null);
});

test("our order: config.js's, without what the browser cannot decode, unencodable codecs last", () => {
  assert.deepEqual(localCodecOrder({}, CHROMIUM), ['av1', 'vp9', 'vp8', 'h264'], "jitsi-meet's default");
  assert.deepEqual(
    localCodecOrder({ videoQuality: { codecPreferenceOrder: ['vp8', 'H264', 'bogus', 'VP8'] } }, CHROMIUM),
    ['vp8', 'h264'],
    'case-insensitive, unknown names and repeats dropped, order kept',
  );
  const noAv1 = browserCapabilities(chromiumCaps({ av1: false }), chromiumCaps({ av1: false }));
  assert.deepEqual(localCodecOrder({}, noAv1), ['vp9', 'vp8', 'h264']);
  // Decodes AV1 but cannot encode it (as Firefox for years): AV1 stays on the list, last.
  const decodeOnly = browserCapabilities(chromiumCaps(), chromiumCaps({ av1: false }));
  assert.deepEqual(localCodecOrder({}, decodeOnly), ['vp9', 'vp8', 'h264', 'av1']);
  // Nothing known about the browser: VP8 alone, as lib-jitsi-meet assumes.
  assert.deepEqual(localCodecOrder({}, browserCapabilities(null, null)), ['vp8']);
  assert.deepEqual(localCodecOrder({ videoQuality: { codecPreferenceOrder: ['H264'] } }, noAv1), ['h264']);
  assert.deepEqual(
    localCodecOrder({ videoQuality: { codecPreferenceOrder: ['AV1'] } }, noAv1),
    ['vp8'],
    'nothing configured is available: VP8',
  );
});

test('phones use mobileCodecPreferenceOrder, with its own default', () => {
  assert.ok(isMobileAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile'));
  assert.ok(isMobileAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)'));
  assert.ok(!isMobileAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126'));
  assert.deepEqual(localCodecOrder({}, CHROMIUM, { mobile: true }), ['vp8', 'vp9', 'h264', 'av1']);
  const config = { videoQuality: { codecPreferenceOrder: ['AV1'], mobileCodecPreferenceOrder: ['H264', 'VP8'] } };
  assert.deepEqual(localCodecOrder(config, CHROMIUM, { mobile: true }), ['h264', 'vp8']);
  assert.deepEqual(localCodecOrder(config, CHROMIUM), ['av1']);
});

test('our presence carries the codec list as lib-jitsi-meet writes it', () => {
  const xml = presenceChildren({ endpointId: 'a1b2c3d4', codecList: ['av1', 'vp9', 'vp8', 'h264'] })
    .map((c) => toXml(c, 'jabber:client'))
    .join('');
  assert.match(xml, /<jitsi_participant_codecList>av1,vp9,vp8,h264<\/jitsi_participant_codecList>/);
  const fallback = presenceChildren({ endpointId: 'a1b2c3d4' }).map((c) => toXml(c, 'jabber:client')).join('');
  assert.match(fallback, /<jitsi_participant_codecList>vp8<\/jitsi_participant_codecList>/);
  assert.equal(encodeCodecList(['VP9', 'x', 'vp8']), 'vp9,vp8');
});

test("others' codec lists are read from presence; the older codecType counts as a list of one", () => {
  const presence = (extra) =>
    readPresence(parse(`<presence from='r@muc.meet.jitsi/b7c8d9e0'>
      <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x>${extra}</presence>`));
  assert.deepEqual(presence('<jitsi_participant_codecList>av1,vp9,vp8,h264</jitsi_participant_codecList>').codecList, [
    'av1',
    'vp9',
    'vp8',
    'h264',
  ]);
  assert.deepEqual(presence('<jitsi_participant_codecType>VP9</jitsi_participant_codecType>').codecList, ['vp9']);
  assert.equal(presence('').codecList, null, 'no list: a transcriber, say');
  assert.deepEqual(decodeCodecList(' VP9 , vp8,, '), ['vp9', 'vp8']);
});

test('the codec sent is the first of ours that every participant with a list takes', () => {
  const ours = ['av1', 'vp9', 'vp8', 'h264'];
  const chrome = ['av1', 'vp9', 'vp8', 'h264'];
  const safari = ['vp8', 'vp9', 'h264'];
  const oldClient = ['vp8'];
  assert.deepEqual(selectCodecOrder(ours, []), ours, 'alone: our own order');
  assert.equal(selectCodecOrder(ours, [chrome, chrome])[0], 'av1');
  assert.deepEqual(selectCodecOrder(ours, [chrome, safari]), ['vp9', 'vp8', 'h264'], 'our order, not theirs');
  assert.equal(selectCodecOrder(ours, [chrome, safari, oldClient])[0], 'vp8');
  assert.equal(selectCodecOrder(ours, [safari, null, []])[0], 'vp9', 'participants without a list do not count');
  assert.equal(selectCodecOrder(ours, [chrome], ['VP8', 'VP9'])[0], 'vp9', 'only what the focus offered');
  assert.deepEqual(selectCodecOrder(['vp9', 'av1'], [['h264']]), [], 'nothing common: no choice');
  // The mobile participant prefers VP8 for itself, but takes AV1: we still send AV1.
  assert.equal(selectCodecOrder(ours, [['vp8', 'vp9', 'h264', 'av1']])[0], 'av1');
});

const VIDEO_OFFER = `
<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='focus@auth.meet.jitsi/focus' sid='k1'>
 <content creator='initiator' name='video' senders='both'>
  <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
   <payload-type id='41' name='AV1' clockrate='90000'/>
   <payload-type id='100' name='VP8' clockrate='90000'/>
   <payload-type id='107' name='H264' clockrate='90000'><parameter name='packetization-mode' value='1'/></payload-type>
   <payload-type id='101' name='VP9' clockrate='90000'/>
   <payload-type id='42' name='rtx' clockrate='90000'><parameter name='apt' value='41'/></payload-type>
   <payload-type id='96' name='rtx' clockrate='90000'><parameter name='apt' value='100'/></payload-type>
   <payload-type id='99' name='rtx' clockrate='90000'><parameter name='apt' value='107'/></payload-type>
   <payload-type id='97' name='rtx' clockrate='90000'><parameter name='apt' value='101'/></payload-type>
   <rtcp-mux/>
  </description>
  <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'>
   <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>2E:CC</fingerprint>
  </transport>
 </content>
</jingle>`;

test("the offer we build lists the chosen codecs first, in our order; the rest keep the focus's order", () => {
  const offer = parseOffer(parse(VIDEO_OFFER));
  assert.deepEqual(offeredCodecs(offer.media.video.payloads), ['AV1', 'VP8', 'H264', 'VP9']);
  const remote = new RemoteOffer(offer);
  const fmts = () => parseSdp(remote.toSdp()).media[0].fmts;
  assert.deepEqual(fmts(), ['41', '100', '107', '101', '42', '96', '99', '97'], "unchanged: the focus's order");
  const version = remote.version;
  assert.equal(remote.setVideoCodecOrder(['vp9', 'vp8', 'h264']), true);
  assert.deepEqual(fmts(), ['101', '100', '107', '41', '42', '96', '99', '97']);
  assert.ok(remote.version > version, 'a new offer version');
  assert.match(remote.toSdp(), /a=rtpmap:101 VP9\/90000\r\n(?:.*\r\n)*?a=rtpmap:100 VP8/);
  assert.match(remote.toSdp(), /a=fmtp:107 packetization-mode=1/, 'payload parameters stay with their payload');
  assert.equal(remote.setVideoCodecOrder(['VP9', 'VP8', 'H264']), false, 'the same order: nothing to renegotiate');
  assert.deepEqual(
    orderPayloads([{ name: 'rtx' }, { name: 'VP8' }, { name: 'AV1' }], ['av1']).map((p) => p.name),
    ['AV1', 'rtx', 'VP8'],
  );
});

test('how the camera goes out: simulcast for VP8 and H.264, SVC for VP9 and AV1 where the browser can', () => {
  const modes = (c, caps = CHROMIUM) => caps.encode.get(c);
  assert.deepEqual(sendPlan('vp8', { modes: modes('vp8') }), { mode: 'simulcast', scalabilityMode: undefined, maxBitrate: undefined });
  assert.deepEqual(sendPlan('h264', { modes: modes('h264') }), { mode: 'simulcast', scalabilityMode: 'L1T3', maxBitrate: undefined });
  assert.deepEqual(sendPlan('vp9', { modes: modes('vp9') }), { mode: 'svc', scalabilityMode: 'L3T3_KEY', maxBitrate: 1200000 });
  assert.deepEqual(sendPlan('AV1', { modes: modes('av1') }), { mode: 'svc', scalabilityMode: 'L3T3_KEY', maxBitrate: 1000000 });
  assert.deepEqual(sendPlan('av1', { modes: modes('av1'), height: 360 }), { mode: 'svc', scalabilityMode: 'L2T3_KEY', maxBitrate: 300000 });
  assert.equal(sendPlan('vp9', { modes: modes('vp9'), height: 1080 }).maxBitrate, 2500000);
  assert.deepEqual(sendPlan('vp9', { modes: modes('vp9'), height: 180 }), { mode: 'single', scalabilityMode: 'L1T3', maxBitrate: undefined });
  const noSvc = browserCapabilities(chromiumCaps({ svc: false }), chromiumCaps({ svc: false }));
  // Listed modes without the one wanted: one layer. No modes listed at all (Chromium's
  // getCapabilities lists none): the mode is tried, and the session falls back if refused.
  assert.deepEqual(sendPlan('vp9', { modes: new Set(['L1T1']) }), { mode: 'single', scalabilityMode: undefined, maxBitrate: undefined });
  assert.deepEqual(sendPlan('vp9', { modes: noSvc.encode.get('vp9') }), { mode: 'svc', scalabilityMode: 'L3T3_KEY', maxBitrate: 1200000 });
  assert.equal(sendPlan('vp9', { modes: modes('vp9'), simulcast: false }).mode, 'single');
  assert.equal(sendPlan('vp8', { modes: modes('vp8'), simulcast: false }).mode, 'single');
});

test("a codec's videoQuality settings: useSimulcast sends VP9 or AV1 as simulcast, useKSVC false full SVC", () => {
  const modes = (c) => CHROMIUM.encode.get(c);
  assert.deepEqual(sendPlan('vp9', { modes: modes('vp9'), settings: { useSimulcast: true } }), { mode: 'simulcast', scalabilityMode: 'L1T3', maxBitrate: undefined });
  assert.deepEqual(sendPlan('av1', { modes: modes('av1'), settings: { useSimulcast: true } }), { mode: 'simulcast', scalabilityMode: 'L1T3', maxBitrate: undefined });
  assert.deepEqual(sendPlan('vp9', { modes: modes('vp9'), settings: { useKSVC: false } }), { mode: 'svc', scalabilityMode: 'L3T3', maxBitrate: 1200000 });
  assert.equal(sendPlan('vp9', { modes: new Set(['L1T3', 'L2T3']), height: 360, settings: { useKSVC: false } }).scalabilityMode, 'L2T3');
  // Settings that say nothing change nothing; without simulcast at all, one layer still.
  assert.deepEqual(sendPlan('vp9', { modes: modes('vp9'), settings: { useSimulcast: false } }), sendPlan('vp9', { modes: modes('vp9') }));
  assert.equal(sendPlan('vp9', { modes: modes('vp9'), simulcast: false, settings: { useSimulcast: true } }).mode, 'single');
  const three = [{ rid: 'a' }, { rid: 'b' }, { rid: 'c' }];
  const sim = planEncodings(three, sendPlan('vp9', { modes: modes('vp9'), settings: { useSimulcast: true } }));
  assert.deepEqual(sim.map((e) => [e.active, e.scaleResolutionDownBy, e.scalabilityMode]), [[true, 4, 'L1T3'], [true, 2, 'L1T3'], [true, 1, 'L1T3']]);
});

test('the encodings for each plan, from the three a SIM-munged answer gives', () => {
  const munged = [
    { active: true, scaleResolutionDownBy: 4 },
    { active: true, scaleResolutionDownBy: 2 },
    { active: true, scaleResolutionDownBy: 1 },
  ];
  const svc = planEncodings(munged, { mode: 'svc', scalabilityMode: 'L3T3_KEY', maxBitrate: 1200000 });
  assert.deepEqual(svc, [
    { active: true, scaleResolutionDownBy: 1, scalabilityMode: 'L3T3_KEY', maxBitrate: 1200000 },
    { active: false, scaleResolutionDownBy: 2 },
    { active: false, scaleResolutionDownBy: 1 },
  ]);
  const back = planEncodings(svc, { mode: 'simulcast', scalabilityMode: undefined });
  assert.deepEqual(back, munged, 'back to simulcast: three active layers, no mode, no bitrate cap');
  assert.deepEqual(
    planEncodings(munged, { mode: 'simulcast', scalabilityMode: 'L1T3' }).map((e) => e.scalabilityMode),
    ['L1T3', 'L1T3', 'L1T3'],
  );
  assert.deepEqual(planEncodings([{ active: true }], { mode: 'single', scalabilityMode: 'L1T3' }), [
    { active: true, scaleResolutionDownBy: 1, scalabilityMode: 'L1T3' },
  ]);
  assert.ok(!('scalabilityMode' in planEncodings([{ active: true, scalabilityMode: 'L3T3_KEY' }], { mode: 'single' })[0]));
});

const ANSWER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 101 100 97 96',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=sendrecv',
  'a=rtpmap:101 VP9/90000',
  'a=rtpmap:100 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=101',
  'a=rtpmap:96 rtx/90000',
  'a=fmtp:96 apt=100',
  'a=ssrc-group:FID 1001 1002',
  'a=ssrc:1001 cname:x',
  'a=ssrc:1001 msid:s t',
  'a=ssrc:1002 cname:x',
  'a=ssrc:1002 msid:s t',
  '',
].join('\r\n');

test('the codec the answer sends is its first video payload type', () => {
  assert.equal(sendCodecOf(ANSWER, '0'), 'VP9');
  assert.equal(sendCodecOf(ANSWER.replace('101 100 97 96', '97 100 101 96'), '0'), 'VP8', 'rtx is not a codec');
  assert.equal(sendCodecOf(ANSWER, '5'), null);
});

test('SVC is signalled as what is sent: one SSRC and its RTX, while simulcast keeps its SIM group', () => {
  const state = {};
  const munged = mungeSimulcast(ANSWER, '0', state);
  const section = parseSdp(munged).media[0];
  assert.equal(ssrcGroups(section).find((g) => g.semantics === 'SIM').ssrcs.length, 3);
  assert.equal(ssrcs(section).size, 6);

  const svc = firstLayerOnly(munged, '0');
  const one = parseSdp(svc).media[0];
  assert.deepEqual(ssrcGroups(one), [{ semantics: 'FID', ssrcs: [1001, 1002] }]);
  assert.deepEqual([...ssrcs(one).keys()], [1001, 1002]);
  assert.deepEqual(ssrcs(one).get(1001), { cname: 'x', msid: 's t' }, 'the kept SSRCs keep their attributes');
  assert.equal(firstLayerOnly(ANSWER, '0'), ANSWER, 'nothing to strip without simulcast');

  const names = { 0: { name: 'a1b2c3d4-v0' } };
  const xml = localContents(svc, { video: 'video' }, names, 'a1b2c3d4').map((c) => toXml(c)).join('');
  assert.equal((xml.match(/<source [^>]*name=/g) || []).length, 2, 'two sources: the SSRC and its RTX');
  assert.ok(!xml.includes("semantics='SIM'") && !xml.includes('semantics="SIM"'));
  const sets = (sdp) => localSourceSets(sdp, names)['a1b2c3d4-v0'];
  assert.notDeepEqual(sets(munged), sets(svc), 'a switch between them changes the signalled sources');
  assert.equal(sets(munged).ssrcs[0], sets(svc).ssrcs[0], 'around the same first SSRC');
});
