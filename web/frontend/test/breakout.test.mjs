// Breakout rooms on the wire (xmpp/breakout.js): the requests as lib-jitsi-meet's BreakoutRooms
// sends them, and the component's messages read back (docs/wire.md, "Breakout rooms").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentAddress, addRoom, removeRoom, renameRoom, sendToRoom, request, readMessage, participantJid, mainRoomOf } from '../app/js/xmpp/breakout.js';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';

const C = 'breakout.meet.jitsi';
const ROOM = '0d4c1f2e-0000-4000-8000-000000000001@breakout.meet.jitsi';

test('the component is found by its disco identity', () => {
  assert.equal(componentAddress([{ category: 'component', type: 'speakerstats', name: 'speakerstats.meet.jitsi' }, { category: 'component', type: 'breakout_rooms', name: C }]), C);
  assert.equal(componentAddress([{ category: 'component', type: 'speakerstats', name: 'speakerstats.meet.jitsi' }]), null);
  assert.equal(componentAddress(undefined), null);
});

test('requests carry the action in attributes of an empty breakout_rooms element', () => {
  assert.equal(toXml(addRoom(C, 'Room 1')), `<message xmlns="jabber:client" to="${C}"><breakout_rooms type="features/breakout-rooms/add" subject="Room 1"/></message>`);
  assert.equal(toXml(removeRoom(C, ROOM)), `<message xmlns="jabber:client" to="${C}"><breakout_rooms type="features/breakout-rooms/remove" breakoutRoomJid="${ROOM}"/></message>`);
  assert.equal(toXml(renameRoom(C, ROOM, 'Two')), `<message xmlns="jabber:client" to="${C}"><breakout_rooms type="features/breakout-rooms/rename" breakoutRoomJid="${ROOM}" subject="Two"/></message>`);
  assert.equal(toXml(sendToRoom(C, 'bob@meet.jitsi/web', ROOM)), `<message xmlns="jabber:client" to="${C}"><breakout_rooms type="features/breakout-rooms/move-to-room" participantJid="bob@meet.jitsi/web" roomJid="${ROOM}"/></message>`);
  assert.throws(() => request(C, { type: 'explode' }), /unknown breakout rooms action/);
});

const message = (from, json) => parse(`<message xmlns="jabber:client" from="${from}" to="bob@meet.jitsi/web"><json-message xmlns="http://jitsi.org/jitmeet">${json.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</json-message></message>`);

test('an update lists the rooms, the main room first, with who is in each', () => {
  const json = JSON.stringify({
    type: 'breakout_rooms', event: 'features/breakout-rooms/update', roomCounter: 2,
    rooms: {
      '0d4c1f2e-0000-4000-8000-000000000001': { id: '0d4c1f2e-0000-4000-8000-000000000001', jid: ROOM, name: 'Room 1', participants: { [`${ROOM}/b2`]: { jid: 'bob@meet.jitsi/web', role: 'participant', displayName: 'Bob' } } },
      m1: { isMainRoom: true, id: 'm1', jid: 'm1@muc.meet.jitsi', participants: { 'm1@muc.meet.jitsi/a1': { jid: 'alice@meet.jitsi/web', role: 'moderator' } } },
    },
  });
  const u = readMessage(message(C, json), C);
  assert.equal(u.event, 'update');
  assert.equal(u.roomCounter, 2);
  assert.deepEqual(u.rooms.map((r) => [r.jid, r.isMain, r.name]), [['m1@muc.meet.jitsi', true, ''], [ROOM, false, 'Room 1']]);
  assert.deepEqual(u.rooms[1].participants, [{ occupantJid: `${ROOM}/b2`, nick: 'b2', jid: 'bob@meet.jitsi/web', role: 'participant', displayName: 'Bob' }]);
  assert.equal(participantJid(u.rooms, 'b2'), 'bob@meet.jitsi/web');
  assert.equal(participantJid(u.rooms, 'a1'), 'alice@meet.jitsi/web');
  assert.equal(participantJid(u.rooms, 'zz'), null);
});

test('a move names the room to go to', () => {
  const json = JSON.stringify({ type: 'breakout_rooms', event: 'features/breakout-rooms/move-to-room', roomJid: ROOM });
  assert.deepEqual(readMessage(message(C, json), C), { event: 'move', roomJid: ROOM });
});

test('only the component is believed, and only well-formed breakout_rooms JSON', () => {
  const move = JSON.stringify({ type: 'breakout_rooms', event: 'features/breakout-rooms/move-to-room', roomJid: ROOM });
  assert.equal(readMessage(message('mallory@meet.jitsi/x', move), C), null);
  assert.equal(readMessage(message(C, move), null), null);
  assert.equal(readMessage(message(C, '{not json'), C), null);
  assert.equal(readMessage(message(C, JSON.stringify({ type: 'speakerstats', users: {} })), C), null);
  assert.equal(readMessage(message(C, JSON.stringify({ type: 'breakout_rooms', event: 'features/breakout-rooms/update' })), C), null);
  assert.equal(readMessage(parse(`<message xmlns="jabber:client" from="${C}"><body>hi</body></message>`), C), null);
});

test("a breakout room's disco#info names its meeting; a main room's does not", () => {
  assert.equal(mainRoomOf({ 'muc#roominfo_isbreakout': '1', 'muc#roominfo_breakout_main_room': 'm1@muc.meet.jitsi' }), 'm1@muc.meet.jitsi');
  assert.equal(mainRoomOf({ 'muc#roominfo_occupants': '2' }), null);
  assert.equal(mainRoomOf({ 'muc#roominfo_isbreakout': '0', 'muc#roominfo_breakout_main_room': 'm1@muc.meet.jitsi' }), null);
});
