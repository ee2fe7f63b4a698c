// A/V moderation on the wire (docs/wire.md "A/V moderation"): the requests to the component, whom
// we believe, and what its messages mean for us and for moderators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import {
  componentAddress,
  enableRequest,
  approveRequest,
  rejectRequest,
  readMessage,
  AvModerationState,
} from '../app/js/xmpp/av-moderation.js';

const ROOM = 'standup@muc.meet.jitsi';
const AV = 'avmoderation.meet.jitsi';

const message = (json, from = AV) =>
  parse(`<message xmlns="jabber:client" from="${from}"><json-message xmlns="http://jitsi.org/jitmeet">${json}</json-message></message>`);

test("the component's address is the av_moderation identity's name", () => {
  const q = parse(
    '<query xmlns="http://jabber.org/protocol/disco#info">' +
      '<identity category="component" type="speakerstats" name="speakerstats.meet.jitsi"/>' +
      `<identity category="component" type="av_moderation" name="${AV}"/></query>`,
  );
  assert.equal(componentAddress(q), AV);
  assert.equal(componentAddress(parse('<query xmlns="http://jabber.org/protocol/disco#info"/>')), null);
});

test("requests are lib-jitsi-meet's av_moderation element with attributes", () => {
  assert.equal(
    toXml(enableRequest(AV, 'audio', true), 'jabber:client'),
    `<message to="${AV}"><av_moderation enable="true" mediaType="audio"/></message>`,
  );
  assert.equal(
    toXml(approveRequest(AV, 'video', `${ROOM}/b2`), 'jabber:client'),
    `<message to="${AV}"><av_moderation mediaType="video" jidToWhitelist="${ROOM}/b2"/></message>`,
  );
  assert.equal(
    toXml(rejectRequest(AV, 'audio', `${ROOM}/b2`), 'jabber:client'),
    `<message to="${AV}"><av_moderation mediaType="audio" jidToBlacklist="${ROOM}/b2"/></message>`,
  );
});

test('only the component, about our room, in JSON of type av_moderation, is read', () => {
  const on = `{"type":"av_moderation","room":"${ROOM}","enabled":true,"actor":"${ROOM}/a1","mediaType":"audio"}`;
  assert.equal(readMessage(message(on), AV, ROOM).enabled, true);
  assert.equal(readMessage(message(on, 'mallory@meet.jitsi/x'), AV, ROOM), null);
  assert.equal(readMessage(message(on), null, ROOM), null);
  assert.equal(readMessage(message('{not json'), AV, ROOM), null);
  assert.equal(readMessage(message('{"type":"speakerstats"}'), AV, ROOM), null);
  assert.equal(readMessage(message(on.replace(ROOM + '"', 'other@muc.meet.jitsi"')), AV, ROOM), null);
});

test('a participant: moderated, refused, allowed, taken back, asked to unmute', () => {
  const s = new AvModerationState(ROOM, 'b2');
  assert.equal(s.mayUnmute('audio', false), true);
  assert.deepEqual(s.apply({ mediaType: 'audio', enabled: true, actor: `${ROOM}/a1` }), [
    { type: 'changed', media: 'audio', enabled: true, actor: 'a1' },
  ]);
  assert.deepEqual(s.apply({ mediaType: 'audio', enabled: true, actor: `${ROOM}/a1` }), [], 'no change, no event');
  assert.equal(s.mayUnmute('audio', false), false);
  assert.equal(s.mayUnmute('audio', true), true, 'a moderator may always unmute');
  assert.equal(s.mayUnmute('video', false), true, 'video is not moderated');
  assert.deepEqual(s.apply({ mediaType: 'audio', approved: true }), [{ type: 'approved', media: 'audio' }]);
  assert.equal(s.mayUnmute('audio', false), true);
  assert.deepEqual(s.apply({ mediaType: 'audio', removed: true }), [{ type: 'rejected', media: 'audio' }]);
  assert.equal(s.mayUnmute('audio', false), false);
  assert.deepEqual(s.apply({ mediaType: 'video', approved: true, from: `${ROOM}/a1` }), [
    { type: 'asked', media: 'video', by: 'a1' },
  ]);
  assert.deepEqual(s.apply({ mediaType: 'audio', enabled: false, actor: `${ROOM}/a1` }), [
    { type: 'changed', media: 'audio', enabled: false, actor: 'a1' },
  ]);
  assert.equal(s.mayUnmute('audio', false), true);
  assert.deepEqual(s.apply({ mediaType: 'desktop', enabled: true }), [], 'screens are not handled here');
});

test('a moderator: whitelists become approved and rejected participants', () => {
  const s = new AvModerationState(ROOM, 'a1');
  s.apply({ mediaType: 'audio', enabled: true, actor: `${ROOM}/a1` });
  assert.deepEqual(s.apply({ mediaType: 'audio', whitelists: { audio: [`${ROOM}/a1`] } }), [
    { type: 'participant-approved', media: 'audio', nick: 'a1' },
  ]);
  assert.deepEqual(s.apply({ mediaType: 'audio', whitelists: { audio: [`${ROOM}/a1`, `${ROOM}/b2`] } }), [
    { type: 'participant-approved', media: 'audio', nick: 'b2' },
  ]);
  assert.equal(s.allows('audio', 'b2'), true);
  assert.deepEqual(s.apply({ mediaType: 'audio', removed: true, whitelists: { audio: [`${ROOM}/a1`] } }), [
    { type: 'participant-rejected', media: 'audio', nick: 'b2' },
  ]);
  assert.equal(s.allows('audio', 'b2'), false);
  assert.deepEqual(
    s.apply({ mediaType: 'audio', removed: true, whitelists: {} }),
    [{ type: 'participant-rejected', media: 'audio', nick: 'a1' }],
    'an emptied list is left out of the message',
  );
});
