// The in-meeting features on the wire (docs/wire.md "Raise hand", "Reactions", "Polls", "Jitsi's
// components"): what we send and how we read what Jitsi's clients and the server send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import { PollBook, newPollJson, answerPollJson, pollProblem, parseJsonMessage } from '../app/js/xmpp/polls.js';
import { handTimestamp, handQueue } from '../app/js/hands.js';
import { reactionPayload, readReactions, ENDPOINT_REACTION_NAME } from '../app/js/reactions.js';
import { SpeakerStats, formatDuration } from '../app/js/speaker-stats.js';
import { readComponents, readComponentMessage, speakerStatsReport, endConferenceRequest } from '../app/js/xmpp/components.js';
import { revokeOwnerQuery, readRemoval } from '../app/js/xmpp/moderation.js';
import { presenceChildren, readPresence } from '../app/js/xmpp/presence.js';

test('a new poll and a vote carry the keys Jitsi reads', () => {
  const poll = JSON.parse(
    newPollJson({ pollId: 'p1', senderId: 'a1', senderName: 'Ann', question: ' Lunch? ', answers: ['Pizza', ' ', 'Soup '] }),
  );
  assert.deepEqual(poll, { type: 'new-poll', pollId: 'p1', senderId: 'a1', senderName: 'Ann', question: 'Lunch?', answers: ['Pizza', 'Soup'] });
  const vote = JSON.parse(answerPollJson({ pollId: 'p1', voterId: 'b2', voterName: 'Ben', choices: [0, 1] }));
  assert.deepEqual(vote, { type: 'answer-poll', pollId: 'p1', voterId: 'b2', voterName: 'Ben', answers: [false, true] });
  assert.equal(pollProblem('', ['a', 'b']), 'Write a question.');
  assert.equal(pollProblem('Q', ['a', '  ']), 'Give at least two answers.');
  assert.equal(pollProblem('Q', ['a', 'b']), null);
});

test('the poll book counts votes by the sending occupant, changes of mind included', () => {
  const book = new PollBook();
  assert.equal(book.apply({ type: 'new-poll', pollId: 'p1', question: 'Q', answers: ['x', 'y', 'z'] }, 'a1', 'Ann'), true);
  assert.equal(book.apply({ type: 'new-poll', pollId: 'p1', question: 'again', answers: ['x', 'y'] }, 'a1', 'Ann'), false);
  assert.equal(book.apply({ type: 'answer-poll', pollId: 'p1', voterId: 'forged', answers: [true, false, false] }, 'b2', 'Ben'), true);
  assert.equal(book.apply({ type: 'answer-poll', pollId: 'p1', answers: [true, true, false] }, 'a1', 'Ann'), true);
  assert.equal(book.apply({ type: 'answer-poll', pollId: 'p1', answers: [false, true, false] }, 'b2', 'Ben'), true);
  assert.equal(book.apply({ type: 'answer-poll', pollId: 'p1', answers: [true] }, 'b2', 'Ben'), false, 'wrong length');
  assert.equal(book.apply({ type: 'answer-poll', pollId: 'nope', answers: [true] }, 'b2', 'Ben'), false);
  assert.equal(book.voted('p1', 'b2'), true);
  assert.equal(book.voted('p1', 'c3'), false);
  const r = book.results('p1');
  assert.equal(r.total, 2);
  assert.deepEqual(
    r.answers.map((a) => [a.name, a.votes, a.percent]),
    [['x', 1, 50], ['y', 2, 100], ['z', 0, 0]],
  );
  assert.deepEqual(r.answers[1].names.sort(), ['Ann', 'Ben']);
});

test("a joiner's old-polls fills the book with the votes so far", () => {
  const book = new PollBook();
  const changed = book.apply({
    type: 'old-polls',
    polls: [
      { id: 'p1', senderId: 'a1', senderName: 'Ann', question: 'Q', answers: [{ name: 'x', voters: { b2: 'Ben' } }, { name: 'y', voters: {} }] },
      { id: 7, question: 'broken' },
    ],
  });
  assert.equal(changed, true);
  assert.equal(book.polls.size, 1);
  assert.deepEqual(book.results('p1').answers.map((a) => a.votes), [1, 0]);
  assert.equal(parseJsonMessage('{"type":'), null);
  assert.equal(parseJsonMessage('[1]'), null);
  assert.deepEqual(parseJsonMessage('{"type":"x"}'), { type: 'x' });
});

test('raised hands queue by the time they went up; 0 is a lowered hand', () => {
  assert.equal(handTimestamp('1700000000000'), 1700000000000);
  assert.equal(handTimestamp('0'), 0);
  assert.equal(handTimestamp(''), 0);
  assert.equal(handTimestamp('junk'), 0);
  assert.deepEqual(
    handQueue([
      { id: 'c', raisedHand: 300 },
      { id: 'a', raisedHand: 0 },
      { id: 'b', raisedHand: 100 },
      { id: 'd', raisedHand: false },
    ]),
    ['b', 'c'],
  );
});

test('a lowered hand is published as 0, which Jitsi reads as lowered, and read back as lowered', () => {
  const xml = (p) => presenceChildren({ endpointId: 'a1b2c3d4', ...p }).map((c) => toXml(c, 'jabber:client')).join('');
  assert.match(xml({ raisedHand: 1700000000000 }), /<jitsi_participant_raisedHand>1700000000000<\/jitsi_participant_raisedHand>/);
  assert.match(xml({ raisedHand: false }), /<jitsi_participant_raisedHand>0<\/jitsi_participant_raisedHand>/);
  assert.doesNotMatch(xml({}), /raisedHand/);
  const p = readPresence(parse(`<presence from='r@muc.meet.jitsi/b7c8d9e0'><jitsi_participant_raisedHand>0</jitsi_participant_raisedHand></presence>`));
  assert.equal(p.raisedHand, 0);
});

test('reactions: the payload Jitsi sends, and malformed or oversized ones dropped', () => {
  const sent = reactionPayload(['clap'], 5);
  assert.deepEqual(sent, { name: ENDPOINT_REACTION_NAME, reactions: ['clap'], timestamp: 5 });
  assert.deepEqual(readReactions(sent), ['clap']);
  assert.deepEqual(readReactions({ name: 'endpoint-reaction', reactions: ['like', 'unknown'] }), ['like']);
  assert.equal(readReactions({ name: 'endpoint-reaction', reactions: 'like' }), null);
  assert.equal(readReactions({ name: 'endpoint-reaction', reactions: [1] }), null);
  assert.equal(readReactions({ name: 'endpoint-reaction', reactions: [] }), null);
  assert.equal(readReactions({ name: 'endpoint-reaction', reactions: Array(21).fill('like') }), null);
  assert.equal(readReactions({ name: 'endpoint-reaction', reactions: ['like'], pad: 'x'.repeat(2000) }), null);
  assert.equal(readReactions({ name: 'other', reactions: ['like'] }), null);
  assert.equal(readReactions(null), null);
});

test('speaker stats add up the dominant speaker time, seeded by the component', () => {
  const s = new SpeakerStats();
  s.seed({ a1: { displayName: 'Ann', totalDominantSpeakerTime: 5000 }, bad: { totalDominantSpeakerTime: 'x' } });
  s.speaker('a1', 1000);
  s.speaker('b2', 3000);
  assert.equal(s.time('a1', 9000), 7000);
  assert.equal(s.time('b2', 9000), 6000, 'still speaking: counted up to now');
  s.speaker(null, 10000);
  assert.equal(s.time('b2', 20000), 7000);
  assert.equal(s.time('nobody', 20000), 0);
  assert.equal(formatDuration(75000), '1m 15s');
  assert.equal(formatDuration(3720000), '1h 2m');
  assert.equal(formatDuration(999), '0s');
});

test("components are found by their identities and believed only from their addresses", () => {
  const info = parse(`<iq type='result' from='meet.jitsi'><query xmlns='http://jabber.org/protocol/disco#info'>
    <identity category='server' type='im' name='Prosody'/>
    <identity category='component' type='speakerstats' name='speakerstats.meet.jitsi'/>
    <identity category='component' type='end_conference' name='endconference.meet.jitsi'/></query></iq>`);
  const c = readComponents(info);
  assert.deepEqual(c, { speakerstats: 'speakerstats.meet.jitsi', end_conference: 'endconference.meet.jitsi' });
  const msg = (from) =>
    parse(`<message from='${from}'><json-message xmlns='http://jitsi.org/jitmeet'>{"type":"speakerstats","users":{}}</json-message></message>`);
  assert.deepEqual(readComponentMessage(msg('speakerstats.meet.jitsi'), c), { type: 'speakerstats', users: {} });
  assert.equal(readComponentMessage(msg('evil.example'), c), null);
  assert.equal(
    toXml(speakerStatsReport('r@muc.meet.jitsi'), 'jabber:client'),
    '<speakerstats xmlns="http://jitsi.org/jitmeet" room="r@muc.meet.jitsi"/>',
  );
  assert.equal(toXml(endConferenceRequest(), 'jabber:client'), '<end_conference/>');
});

test('revoking moderator sets affiliation none by nick; a destroyed room says why', () => {
  assert.equal(
    toXml(revokeOwnerQuery('b2'), 'jabber:client'),
    '<query xmlns="http://jabber.org/protocol/muc#admin"><item nick="b2" affiliation="none"/></query>',
  );
  const removal = readRemoval(
    parse(`<presence type='unavailable' from='r@muc.meet.jitsi/a1'><x xmlns='http://jabber.org/protocol/muc#user'>
      <item affiliation='none' role='none'/><destroy><reason>The meeting was ended by a moderator</reason></destroy>
      <status code='110'/></x></presence>`),
  );
  assert.deepEqual(removal, { kicked: false, destroyed: true, reason: 'The meeting was ended by a moderator' });
});
