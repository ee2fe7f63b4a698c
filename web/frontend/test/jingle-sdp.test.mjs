// The Jingle <-> SDP mapping (WIRE.md §8), checked on an offer shaped like Jicofo's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import { parseOffer, RemoteOffer, parseSources, localContents, sourceChangeContents } from '../app/js/media/jingle-sdp.js';
import { parseSdp, ssrcGroups, attrs } from '../app/js/media/sdp.js';
import { mungeSimulcast } from '../app/js/media/simulcast.js';

const OFFER = `
<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='focus@auth.meet.jitsi/focus' sid='7h2kq'>
 <content creator='initiator' name='audio' senders='both'>
  <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio' maxptime='60'>
   <payload-type id='111' name='opus' clockrate='48000' channels='2'>
    <parameter name='minptime' value='10'/><parameter name='useinbandfec' value='1'/>
    <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/></payload-type>
   <payload-type id='126' name='telephone-event' clockrate='8000'/>
   <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1' uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>
   <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='10' uri='urn:ietf:params:rtp-hdrext:sdes:mid'/>
   <extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/><rtcp-mux/>
  </description>
  <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='2ivq1fv' pwd='1a5ejbent91k6io6a3fau'>
   <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>2E:CC:23</fingerprint>
   <candidate component='1' foundation='1' generation='0' id='c1' ip='127.0.0.1' network='0' port='10000' priority='2130706431' protocol='udp' type='host'/>
   <rtcp-mux/>
   <web-socket xmlns='http://jitsi.org/protocol/colibri' url='ws://127.0.0.1:8000/colibri-ws/jvb1/5c0e9d/a1b2c3d4?pwd=Qx7K'/>
  </transport>
 </content>
 <content creator='initiator' name='video' senders='both'>
  <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
   <payload-type id='101' name='VP9' clockrate='90000'/>
   <payload-type id='100' name='VP8' clockrate='90000'>
    <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/></payload-type>
   <payload-type id='96' name='rtx' clockrate='90000'><parameter name='apt' value='100'/></payload-type>
   <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='11' name='b7c8d9e0-v0' videoType='camera'>
    <parameter name='msid' value='b7c8d9e0-video-0-1 7f2a-1'/><ssrc-info xmlns='http://jitsi.org/jitmeet' owner='b7c8d9e0'/></source>
   <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='12' name='b7c8d9e0-v0'>
    <ssrc-info xmlns='http://jitsi.org/jitmeet' owner='b7c8d9e0'/></source>
   <ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'><source ssrc='11'/><source ssrc='12'/></ssrc-group>
   <rtcp-mux/>
  </description>
  <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='2ivq1fv' pwd='1a5ejbent91k6io6a3fau'/>
 </content>
 <bridge-session xmlns='http://jitsi.org/protocol/focus' id='0b8e41c2'/>
</jingle>`;

test('the offer is re-cut: main m-lines first, then one sendonly m-line per remote source', () => {
  const offer = parseOffer(parse(OFFER));
  assert.equal(offer.sid, '7h2kq');
  assert.equal(offer.bridgeSessionId, '0b8e41c2');
  assert.equal(offer.transport.webSocket, 'ws://127.0.0.1:8000/colibri-ws/jvb1/5c0e9d/a1b2c3d4?pwd=Qx7K');
  const remote = new RemoteOffer(offer);
  const sdp = parseSdp(remote.toSdp());
  assert.deepEqual(sdp.media.map((m) => [m.kind, m.mid, m.direction]), [
    ['audio', '0', 'sendrecv'],
    ['video', '1', 'sendrecv'],
    ['video', '2', 'sendonly'],
  ]);
  assert.ok(sdp.session.includes('a=group:BUNDLE 0 1 2'));
  assert.deepEqual(ssrcGroups(sdp.media[2]), [{ semantics: 'FID', ssrcs: [11, 12] }]);
  assert.equal(attrs(sdp.media[0], 'candidate').length, 1);
  assert.ok(!remote.toSdp().includes('sdes:mid'), 'the MID extension is not negotiated');
  assert.equal(sdp.media[1].fmts[0], '101');
});

test('json-message sources and source-remove turn m-lines inactive, never reused', () => {
  const remote = new RemoteOffer(parseOffer(parse(OFFER)));
  const add = parse(`<jingle xmlns='urn:xmpp:jingle:1' action='source-add' sid='7h2kq'>
    <json-message xmlns='http://jitsi.org/jitmeet'>{"sources":{"c0ffee00":[[{"s":21,"n":"c0ffee00-v0","m":"c0-v 9"},{"s":22,"n":"c0ffee00-v0"},{"s":23,"n":"c0ffee00-v0"},{"s":24,"n":"c0ffee00-v0"}],[["s",21,23],["f",21,22],["f",23,24]],[{"s":31,"n":"c0ffee00-a0"}]]}}</json-message></jingle>`);
  const { sources, groups } = parseSources(add);
  assert.equal(sources.length, 5);
  const added = remote.addSources(sources, groups);
  assert.deepEqual(added.map((s) => [s.mid, s.media, s.name]), [
    ['3', 'video', 'c0ffee00-v0'],
    ['4', 'audio', 'c0ffee00-a0'],
  ]);
  assert.deepEqual(added[0].sources.map((s) => s.ssrc), [21, 22], 'only the first simulcast layer and its RTX');
  remote.removeSources([{ ssrc: 31, name: 'c0ffee00-a0' }]);
  const sdp = parseSdp(remote.toSdp());
  assert.equal(sdp.media[4].direction, 'inactive');
  assert.equal(sdp.media.length, 5);
});

const ANSWER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1 2', 'a=extmap-allow-mixed',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=ice-ufrag:loc', 'a=ice-pwd:locpwd', 'a=fingerprint:sha-256 AA:BB', 'a=setup:active', 'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'a=sendrecv', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=ssrc:1001 cname:x', 'a=ssrc:1001 msid:s t-audio',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 100 96', 'a=mid:1', 'a=sendrecv', 'a=rtpmap:100 VP8/90000', 'a=rtcp-fb:100 nack pli', 'a=rtpmap:96 rtx/90000', 'a=fmtp:96 apt=100',
  'a=ssrc-group:FID 2001 2002', 'a=ssrc:2001 cname:x', 'a=ssrc:2001 msid:s t-video', 'a=ssrc:2002 cname:x', 'a=ssrc:2002 msid:s t-video',
  'm=video 9 UDP/TLS/RTP/SAVPF 100 96', 'a=mid:2', 'a=recvonly', 'a=rtpmap:100 VP8/90000',
].join('\r\n') + '\r\n';

test('simulcast adds two layers as SIM + FID groups and keeps their SSRCs across answers', () => {
  const state = {};
  const once = mungeSimulcast(ANSWER, '1', state);
  const twice = mungeSimulcast(ANSWER, '1', state);
  assert.equal(once, twice);
  const video = parseSdp(once).media[1];
  const groups = ssrcGroups(video);
  const sim = groups.find((g) => g.semantics === 'SIM');
  assert.equal(sim.ssrcs.length, 3);
  assert.equal(sim.ssrcs[0], 2001);
  assert.equal(groups.filter((g) => g.semantics === 'FID').length, 3);
});

test('the answer goes back as one content per media type with named sources', () => {
  const sdp = mungeSimulcast(ANSWER, '1', {});
  const names = { 0: { name: 'a1b2c3d4-a0' }, 1: { name: 'a1b2c3d4-v0' } };
  const contents = localContents(sdp, { audio: 'audio', video: 'video' }, names, 'a1b2c3d4');
  assert.deepEqual(contents.map((c) => c.attrs.name), ['audio', 'video']);
  const xml = contents.map((c) => toXml(c)).join('');
  assert.match(xml, /<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="1001" name="a1b2c3d4-a0">/);
  assert.match(xml, /semantics="SIM"/);
  assert.match(xml, /<fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="active">AA:BB<\/fingerprint>/);
  assert.match(xml, /<candidate [^>]*ip="127.0.0.1"[^>]*port="50000"/);
  assert.equal((xml.match(/<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc=/g) || []).length, 7);
});

test('a screen share is signalled as <ep>-v1 with videoType desktop', () => {
  const sdp = ANSWER.replace('a=mid:2\r\na=recvonly', 'a=mid:2\r\na=sendonly\r\na=ssrc:3001 cname:x\r\na=ssrc:3001 msid:s t-screen');
  const contents = sourceChangeContents(sdp, { audio: 'audio', video: 'video' }, { 2: { name: 'a1b2c3d4-v1', videoType: 'desktop' } }, ['2'], 'a1b2c3d4');
  const xml = toXml(contents[0]);
  assert.match(xml, /ssrc="3001" name="a1b2c3d4-v1" videoType="desktop"/);
});
