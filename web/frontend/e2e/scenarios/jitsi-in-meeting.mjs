// The in-meeting features between Huddle's app and Jitsi's own client library (lib-jitsi-meet from
// npm, e2e/jitsi/client.js), through Huddle: raised hands both ways (the presence property, its
// timestamp, 0 when lowered); reactions both ways over the bridge channel; a poll sent by the
// library with sendMessage(object), voted in our app, the vote arriving at the library; a late
// lib-jitsi-meet joiner gets the poll and its votes from the room (old-polls); the organizer takes
// back the moderator rights it granted to the library's participant; ending the meeting puts the
// library's participants out too.
import { participant, join, joined, waitFor, shot, endpointId, log, jitsiClient, waitForLjm } from '../lib.mjs';

export async function run() {
  const room = 'jitsi-in-meeting';
  const org = await participant('org');
  await join(org, room);
  await joined(org);
  await waitFor(org, 'it moderates the room it opened', () => window.huddle.conference.isModerator);
  const jo = await jitsiClient('jo', room);
  const orgId = await endpointId(org);
  await waitFor(org, 'jo is listed', () => document.getElementById('people-count').textContent === '2');
  await waitFor(org, 'the bridge channel is open', () => !!window.huddle.conference.channel?.isOpen, null, 60000);
  await org.page.getByRole('button', { name: /^Participants/ }).click();

  // Raise hand: the library's property reaches our app with its place in line, and ours the library.
  await jo.page.evaluate(() => window.ljm.raiseHand(Date.now()));
  await waitFor(org, "jo's hand shows first in line", (id) => {
    const li = document.querySelector(`#people-list li[data-id="${id}"]`);
    return li && li.textContent.includes('hand raised, 1st in line') && window.huddle.conference.participants.get(id).raisedHand > 1e12;
  }, jo.endpointId);
  await org.page.getByRole('button', { name: 'Raise hand' }).click();
  await waitForLjm(jo, "org's hand is up, as a timestamp", (id) => Number(window.ljm.properties[id]?.raisedHand) > 1e12, orgId);
  await waitFor(org, 'org is second in line, after jo', () => document.querySelector('#people-list li').textContent.includes('hand raised, 2nd in line'));
  await org.page.getByRole('button', { name: 'Lower hand', exact: true }).click();
  await waitForLjm(jo, "org's hand is down (0)", (id) => Number(window.ljm.properties[id]?.raisedHand) === 0, orgId);
  await jo.page.evaluate(() => window.ljm.raiseHand(0));
  await waitFor(org, "jo's hand is down", (id) => window.huddle.conference.participants.get(id).raisedHand === 0, jo.endpointId);
  log('raise hand: both ways, with the queue');

  // Reactions both ways over the bridge channel.
  await jo.page.evaluate(() => window.ljm.sendEndpointMessage('', { name: 'endpoint-reaction', reactions: ['like'], timestamp: Date.now() }));
  await waitFor(org, "jo's like shows", (id) => [...document.querySelectorAll('#reactions-overlay .reaction')].some((r) => r.dataset.reaction === 'like' && r.dataset.from === id), jo.endpointId, 15000);
  await org.page.getByRole('button', { name: 'React with clap' }).click();
  await waitForLjm(jo, "org's clap arrives", (id) => window.ljm.messages.some((m) => m.from === id && m.payload.name === 'endpoint-reaction' && m.payload.reactions.includes('clap')), orgId);
  log('reactions: both ways');

  // A poll from the library, voted in our app; the vote reaches the library.
  await jo.page.evaluate((me) => window.ljm.sendJson({ type: 'new-poll', pollId: 'ljm1', senderId: me, senderName: 'jo', question: 'Ship it?', answers: ['Yes', 'No'] }), jo.endpointId);
  await org.page.getByRole('button', { name: /^Polls/ }).click();
  await waitFor(org, "jo's poll is listed", () => document.querySelector('#polls-list li .question')?.textContent === 'Ship it?');
  await org.page.locator('#polls-list li label', { hasText: 'Yes' }).locator('input').check();
  await org.page.locator('#polls-list li button.vote').click();
  await waitForLjm(jo, "org's vote arrives", (id) => window.ljm.messages.some((m) => m.from === id && m.payload.type === 'answer-poll' && m.payload.pollId === 'ljm1' && m.payload.answers.join() === 'true,false'), orgId);
  await waitFor(org, 'the results show one vote for Yes', () => [...document.querySelectorAll('#polls-list li .result')].map((r) => r.dataset.votes).join() === '1,0');
  await shot(org, 'jitsi-poll');
  // A late joiner with the library gets the poll and the vote from the room.
  const kim = await jitsiClient('kim', room);
  await waitForLjm(kim, 'old-polls arrives with the vote', (id) => window.ljm.roomMessages.some((m) => m.payload.type === 'old-polls'
    && m.payload.polls.some((p) => p.id === 'ljm1' && p.answers[0].voters[id] === 'org')), orgId);
  log('polls: library to app and back; old-polls to a late library joiner');

  // Moderator granted to jo (from our app) and taken back; the library sees its role change.
  // The library's participant shows no display name of its own here ("Guest ..."): found by its id.
  const control = (action) => org.page.locator(`#people-list button[data-action="${action}"][data-id="${jo.endpointId}"]`);
  await control('grant').click();
  await waitForLjm(jo, 'jo moderates', () => window.ljm.isModerator() && window.ljm.role === 'moderator');
  await control('revoke').click();
  // The library's own role is the moderator role of an owner, else 'none'.
  await waitForLjm(jo, 'jo no longer moderates', () => !window.ljm.isModerator() && window.ljm.role === 'none');
  log('moderator granted and revoked, seen by the library');

  // The organizer ends the meeting: the library's participants are out of it.
  await org.page.getByRole('button', { name: 'End meeting for all' }).click();
  await org.page.getByRole('dialog', { name: 'End the meeting for everyone?' }).getByRole('button', { name: 'End meeting for all' }).click();
  await waitFor(org, 'the meeting ended', () => window.huddle.state === 'ended');
  for (const p of [jo, kim]) {
    await waitForLjm(p, 'the library left the ended meeting', () => !!window.ljm.left);
  }
  log('end meeting: the library participants are out');
}
