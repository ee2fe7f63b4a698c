// Moderation on the wire (docs/wire.md "Mute", issue 16): what a moderator sends, whom a muted
// participant believes, kick and grant by nick, private messages and being removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import {
  isLocalModerator,
  muteRequest,
  readMuteNotice,
  kickQuery,
  grantOwnerQuery,
  readPrivateMessage,
  readRemoval,
} from '../app/js/xmpp/moderation.js';

const ROOM = 'standup@muc.meet.jitsi';

test('only an owner with the moderator role moderates, as Jitsi decides it for itself', () => {
  assert.equal(isLocalModerator({ affiliation: 'owner', role: 'moderator' }), true);
  assert.equal(isLocalModerator({ affiliation: 'admin', role: 'moderator' }), false);
  assert.equal(isLocalModerator({ affiliation: 'member', role: 'moderator' }), false);
  assert.equal(isLocalModerator({ affiliation: 'owner', role: 'participant' }), false);
  assert.equal(isLocalModerator(null), false);
});

test('a mute request names the occupant JID and the medium by namespace', () => {
  assert.equal(
    toXml(muteRequest(ROOM, 'b0b0b0b0', 'audio', true), 'jabber:client'),
    `<mute xmlns="http://jitsi.org/jitmeet/audio" jid="${ROOM}/b0b0b0b0">true</mute>`,
  );
  assert.equal(
    toXml(muteRequest(ROOM, 'b0b0b0b0', 'video', false), 'jabber:client'),
    `<mute xmlns="http://jitsi.org/jitmeet/video" jid="${ROOM}/b0b0b0b0">false</mute>`,
  );
  assert.throws(() => muteRequest(ROOM, 'b0b0b0b0', 'desktop', true));
});

test("the focus's mute notice is believed from the focus's occupant JID only", () => {
  const notice = (from, ns, text, actor = `${ROOM}/m0d0m0d0`) =>
    parse(`<iq type='set' from='${from}' to='b0b0b0b0@meet.jitsi/web' id='m2'>
      <mute xmlns='${ns}' actor='${actor}'>${text}</mute></iq>`);
  const audio = 'http://jitsi.org/jitmeet/audio';
  assert.deepEqual(readMuteNotice(notice(`${ROOM}/focus`, audio, 'true'), ROOM), {
    media: 'audio',
    muted: true,
    actor: 'm0d0m0d0',
  });
  assert.equal(readMuteNotice(notice(`${ROOM}/focus`, 'http://jitsi.org/jitmeet/video', 'true'), ROOM).media, 'video');
  assert.equal(readMuteNotice(notice(`${ROOM}/m0d0m0d0`, audio, 'true'), ROOM), null, 'another occupant');
  assert.equal(readMuteNotice(notice(`other@muc.meet.jitsi/focus`, audio, 'true'), ROOM), null, 'another room');
  assert.equal(readMuteNotice(notice('focus.meet.jitsi', audio, 'true'), ROOM), null, "the focus's own JID");
  assert.equal(readMuteNotice(notice(`${ROOM}/focus`, audio, 'false'), ROOM).muted, false);
  assert.equal(readMuteNotice(notice(`${ROOM}/focus`, audio, 'yes'), ROOM).muted, false, 'only true mutes');
  assert.equal(readMuteNotice(notice(`${ROOM}/focus`, audio, 'true', 'x@y/z'), ROOM).actor, null);
  assert.equal(readMuteNotice(parse(`<iq type='set' from='${ROOM}/focus'><ping xmlns='urn:xmpp:ping'/></iq>`), ROOM), null);
});

test('kick and grant moderator are muc#admin items keyed by nick', () => {
  assert.equal(
    toXml(kickQuery('b0b0b0b0', 'Bye.'), 'jabber:client'),
    '<query xmlns="http://jabber.org/protocol/muc#admin"><item nick="b0b0b0b0" role="none"><reason>Bye.</reason></item></query>',
  );
  assert.equal(
    toXml(grantOwnerQuery('b0b0b0b0'), 'jabber:client'),
    '<query xmlns="http://jabber.org/protocol/muc#admin"><item nick="b0b0b0b0" affiliation="owner"/></query>',
  );
});

test('a private message is a chat with a body from an occupant of this room', () => {
  const msg = (type, from, body = '<body>psst</body>') =>
    parse(`<message type='${type}' from='${from}' to='b@meet.jitsi/r'>${body}<x xmlns='http://jabber.org/protocol/muc#user'/></message>`);
  assert.deepEqual(readPrivateMessage(msg('chat', `${ROOM}/a1a1a1a1`), ROOM), { nick: 'a1a1a1a1', text: 'psst' });
  assert.equal(readPrivateMessage(msg('groupchat', `${ROOM}/a1a1a1a1`), ROOM), null);
  assert.equal(readPrivateMessage(msg('error', `${ROOM}/a1a1a1a1`), ROOM), null);
  assert.equal(readPrivateMessage(msg('chat', `${ROOM}x/a1a1a1a1`), ROOM), null, 'a room whose name starts alike');
  assert.equal(readPrivateMessage(msg('chat', ROOM), ROOM), null, 'the room itself');
  assert.equal(readPrivateMessage(msg('chat', `${ROOM}/a1a1a1a1`, '<composing/>'), ROOM), null);
});

test('being kicked is status 307 with the actor and reason; leaving is not', () => {
  const kicked = parse(`<presence type='unavailable' from='${ROOM}/b0b0b0b0'>
    <x xmlns='http://jabber.org/protocol/muc#user'><status code='307'/>
      <item affiliation='none' role='none'><actor nick='m0d0m0d0'/><reason>Bye.</reason></item>
      <status code='110'/></x></presence>`);
  assert.deepEqual(readRemoval(kicked), { kicked: true, actor: 'm0d0m0d0', reason: 'Bye.' });
  const left = parse(`<presence type='unavailable' from='${ROOM}/b0b0b0b0'>
    <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/><status code='110'/></x></presence>`);
  assert.deepEqual(readRemoval(left), { kicked: false });
});
