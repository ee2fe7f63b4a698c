// The lobby on the wire (docs/wire.md "Lobby"): what a moderator sends to turn it on, approve and
// deny, and what a joiner reads from the refusal, the lobby and the meeting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import {
  lobbyRoomOf,
  membersOnlyQuery,
  memberQuery,
  approveMessage,
  denyQuery,
  readRoomInfo,
  isInvitation,
  readLobbyPresence,
} from '../app/js/xmpp/lobby-wire.js';

const ROOM = 'standup@muc.meet.jitsi';
const LOBBY = 'standup@lobby.meet.jitsi';
const USER = 'http://jabber.org/protocol/muc#user';

test('the refusal names the lobby beside the error or inside it', () => {
  const both = parse(
    `<presence xmlns="jabber:client" type="error" from="${ROOM}/b0b"><error type="auth">` +
      `<registration-required xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>` +
      `<lobbyroom xmlns="http://jitsi.org/jitmeet">${LOBBY}</lobbyroom></error><lobbyroom>${LOBBY}</lobbyroom></presence>`,
  );
  assert.equal(lobbyRoomOf(both), LOBBY);
  const inside = parse(
    `<presence xmlns="jabber:client" type="error"><error type="auth"><registration-required xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>` +
      `<lobbyroom xmlns="http://jitsi.org/jitmeet">${LOBBY}</lobbyroom></error></presence>`,
  );
  assert.equal(lobbyRoomOf(inside), LOBBY);
  const plain = parse(
    `<presence xmlns="jabber:client" type="error"><error type="auth"><registration-required xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>`,
  );
  assert.equal(lobbyRoomOf(plain), null);
});

test('turning the lobby on is the members-only field of the owner form', () => {
  assert.equal(
    toXml(membersOnlyQuery(true), 'jabber:client'),
    '<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit">' +
      '<field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#roomconfig</value></field>' +
      '<field var="muc#roomconfig_membersonly"><value>true</value></field></x></query>',
  );
  assert.match(toXml(membersOnlyQuery(false), 'jabber:client'), /<value>false<\/value>/);
  assert.equal(
    toXml(memberQuery('bob@meet.jitsi/web'), 'jabber:client'),
    '<query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="member" jid="bob@meet.jitsi"/></query>',
  );
});

test('approval invites by real JID; denial kicks from the lobby by nick', () => {
  assert.equal(
    toXml(approveMessage(ROOM, ['bob@meet.jitsi/web', 'carol@meet.jitsi/x']), 'jabber:client'),
    `<message to="${ROOM}"><x xmlns="${USER}"><invite to="bob@meet.jitsi/web"/><invite to="carol@meet.jitsi/x"/></x></message>`,
  );
  assert.equal(
    toXml(denyQuery('b0b'), 'jabber:client'),
    '<query xmlns="http://jabber.org/protocol/muc#admin"><item nick="b0b" role="none"/></query>',
  );
});

test('the room info says whether the lobby is on, and where', () => {
  const on = parse(
    `<query xmlns="http://jabber.org/protocol/disco#info"><feature var="muc_membersonly"/>` +
      `<x xmlns="jabber:x:data" type="result"><field var="muc#roominfo_lobbyroom"><value>${LOBBY}</value></field></x></query>`,
  );
  assert.deepEqual(readRoomInfo(on), { membersOnly: true, lobbyRoom: LOBBY });
  const off = parse(`<query xmlns="http://jabber.org/protocol/disco#info"><feature var="muc_open"/></query>`);
  assert.deepEqual(readRoomInfo(off), { membersOnly: false, lobbyRoom: null });
});

test('only the meeting itself invites us in', () => {
  const invite = `<x xmlns="${USER}"><invite from="alice@meet.jitsi"/></x>`;
  assert.equal(isInvitation(parse(`<message xmlns="jabber:client" from="${ROOM}">${invite}</message>`), ROOM), true);
  assert.equal(isInvitation(parse(`<message xmlns="jabber:client" from="evil@muc.meet.jitsi">${invite}</message>`), ROOM), false);
  assert.equal(isInvitation(parse(`<message xmlns="jabber:client" from="${ROOM}" type="error">${invite}</message>`), ROOM), false);
  assert.equal(isInvitation(parse(`<message xmlns="jabber:client" from="${ROOM}"><body>hi</body></message>`), ROOM), false);
});

test('a lobby presence tells a knock, a denial and the lobby closing toward the meeting', () => {
  const knock = readLobbyPresence(
    parse(
      `<presence xmlns="jabber:client" from="${LOBBY}/b0b"><nick xmlns="http://jabber.org/protocol/nick">Bob</nick>` +
        `<x xmlns="${USER}"><item affiliation="none" role="participant" jid="bob@meet.jitsi/web"/></x></presence>`,
    ),
  );
  assert.deepEqual([knock.nick, knock.displayName, knock.jid, knock.kicked], ['b0b', 'Bob', 'bob@meet.jitsi/web', false]);
  const kicked = readLobbyPresence(
    parse(
      `<presence xmlns="jabber:client" type="unavailable" from="${LOBBY}/b0b"><x xmlns="${USER}">` +
        `<item role="none"/><status code="307"/><status code="110"/></x></presence>`,
    ),
  );
  assert.equal(kicked.kicked, true);
  assert.equal(kicked.self, true);
  const closed = readLobbyPresence(
    parse(
      `<presence xmlns="jabber:client" type="unavailable" from="${LOBBY}/b0b"><x xmlns="${USER}">` +
        `<item role="none"/><destroy jid="${ROOM}"><reason>The lobby was closed</reason></destroy><status code="110"/></x></presence>`,
    ),
  );
  assert.deepEqual([closed.destroyed, closed.venue, closed.kicked], [true, ROOM, false]);
});
