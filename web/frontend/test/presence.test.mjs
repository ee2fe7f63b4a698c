// What we publish in MUC presence and how we read others' (WIRE.md §1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml, el } from '../app/js/xmpp/xml-tree.js';
import { presenceChildren, readPresence, joinError } from '../app/js/xmpp/presence.js';

test('our presence carries the e-mail un-namespaced when one is given, as setEmail does', () => {
  const withEmail = presenceChildren({ endpointId: 'a1', displayName: 'Ann', email: 'ann@example.org' })
    .map((c) => toXml(c, 'jabber:client'))
    .join('');
  assert.match(withEmail, /<email>ann@example.org<\/email>/);
  const without = presenceChildren({ endpointId: 'a1', displayName: 'Ann', email: '' })
    .map((c) => toXml(c, 'jabber:client'))
    .join('');
  assert.doesNotMatch(without, /<email/);
});

test('our presence carries SourceInfo, stats-id and caps in jabber:client', () => {
  const xml = presenceChildren({ endpointId: 'a1b2c3d4', displayName: 'Ann', audioMuted: true, videoMuted: false, capsVer: 'v' })
    .map((c) => toXml(c, 'jabber:client'))
    .join('');
  assert.match(xml, /<SourceInfo>\{"a1b2c3d4-a0":\{"muted":true\},"a1b2c3d4-v0":\{"muted":false\}\}<\/SourceInfo>/);
  assert.match(xml, /<stats-id>a1b2c3d4<\/stats-id>/);
  assert.match(xml, /<nick xmlns="http:\/\/jabber.org\/protocol\/nick">Ann<\/nick>/);
});

test("another occupant's mute state, screen share and hand are read", () => {
  const p = readPresence(parse(`<presence from='r@muc.meet.jitsi/b7c8d9e0'>
    <x xmlns='http://jabber.org/protocol/muc#user'><item jid='x@meet.jitsi/r' affiliation='none' role='participant'/></x>
    <nick xmlns='http://jabber.org/protocol/nick'>Ben</nick>
    <SourceInfo>{"b7c8d9e0-a0":{"muted":false},"b7c8d9e0-v0":{"muted":true},"b7c8d9e0-v1":{"muted":false,"videoType":"desktop"}}</SourceInfo>
    <jitsi_participant_raisedHand>1700000000000</jitsi_participant_raisedHand></presence>`));
  assert.equal(p.nick, 'b7c8d9e0');
  assert.equal(p.displayName, 'Ben');
  assert.equal(p.audioMuted, false);
  assert.equal(p.videoMuted, true);
  assert.equal(p.screenSharing, true);
  assert.equal(p.raisedHand, 1700000000000);
});

test('join errors of private rooms are told apart', () => {
  const error = (cond, text) =>
    parse(`<presence type='error'><error type='auth'><${cond} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>${text ? `<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>${text}</text>` : ''}</error></presence>`);
  assert.equal(joinError(error('not-authorized', 'This private room is not open yet: its owner has not set a password.')).kind, 'not-open');
  assert.equal(joinError(error('not-authorized', '')).kind, 'password');
  assert.equal(joinError(error('resource-constraint', '')).kind, 'too-many-attempts');
  assert.ok(el('x').children);
});
