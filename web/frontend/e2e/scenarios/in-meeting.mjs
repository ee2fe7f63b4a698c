// The in-meeting features (issue 16) with three participants: raised hands in the order they went
// up, shown to the organizer, who asks one to lower it; a reaction shown at the others; a poll
// created, voted on by all three and its results seen; a poll too large refused with a message;
// speaker stats with time counted; moderator granted and taken back; and "End meeting for all",
// after a confirmation, ends it for everyone with the reason shown.
import { organizerAndTwo, waitFor, shot, endpointId, log } from '../lib.mjs';

export async function run() {
  const room = 'team-in-meeting';
  const [org, ann, bob] = await organizerAndTwo(room);
  for (const p of [org, ann, bob]) {
    await waitFor(p, 'the bridge channel is open', () => !!window.huddle.conference.channel?.isOpen, null, 60000);
  }
  const annId = await endpointId(ann);

  // Raised hands: bob first, then ann; the organizer's list shows them in that order.
  await bob.page.getByRole('button', { name: 'Raise hand' }).click();
  await waitFor(org, "bob's hand is up", () => [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('bob') && li.textContent.includes('1st in line')));
  await ann.page.getByRole('button', { name: 'Raise hand' }).click();
  await org.page.getByRole('button', { name: /^Participants/ }).click();
  await waitFor(org, 'the queue is bob then ann', () => {
    const items = [...document.querySelectorAll('#people-list li')].slice(1).map((li) => li.textContent);
    return items.length === 2 && items[0].startsWith('bob') && items[0].includes('hand raised, 1st in line')
      && items[1].startsWith('ann') && items[1].includes('hand raised, 2nd in line');
  });
  await shot(org, 'hand-queue');
  await org.page.getByRole('button', { name: 'Ask bob to lower their hand' }).click();
  await waitFor(bob, 'bob was asked to lower his hand and did', () => !window.huddle.conference.raisedHand
    && document.getElementById('btn-hand').textContent === 'Raise hand' && /asked you to lower your hand/.test(document.getElementById('status').textContent));
  await waitFor(org, 'ann is now first in line', () => {
    const items = [...document.querySelectorAll('#people-list li')].slice(1).map((li) => li.textContent);
    return items[0].startsWith('ann') && items[0].includes('1st in line') && !items[1].includes('hand raised');
  });
  log('raise hand: queue order shown, lowered by the organizer');

  // A reaction from ann shows at the others with her name.
  await ann.page.getByRole('button', { name: 'React with clap' }).click();
  for (const p of [org, bob]) {
    await waitFor(p, "ann's clap shows", (id) => [...document.querySelectorAll('#reactions-overlay .reaction')].some((r) => r.dataset.reaction === 'clap' && r.dataset.from === id && r.textContent.includes('ann')), annId, 15000);
  }
  await shot(bob, 'reaction');
  // A malformed reaction (as a faulty client might send) is refused by the bridge, which says why.
  await ann.page.evaluate(() => window.huddle.conference.features.sendEndpointMessage('', { name: 'endpoint-reaction', reactions: [1] }));
  await waitFor(ann, 'the refusal is shown', () => /reactions are names/.test(document.getElementById('status').textContent));
  log('reactions: shown at both others; a malformed one refused by the bridge');

  // A poll: the organizer asks, all three vote, everyone sees the results.
  await org.page.getByRole('button', { name: /^Polls/ }).click();
  await org.page.getByLabel('Question').fill('Lunch?');
  await org.page.getByLabel('Answer 1').fill('Pizza');
  await org.page.getByLabel('Answer 2').fill('Soup');
  await org.page.getByRole('button', { name: 'Send poll' }).click();
  await waitFor(bob, 'the poll is announced', () => !document.getElementById('polls-unread').hidden);
  const vote = async (p, answer) => {
    if (await p.page.locator('#polls-panel').isHidden()) await p.page.getByRole('button', { name: /^Polls/ }).click();
    await waitFor(p, 'the poll is listed', () => document.querySelectorAll('#polls-list li label').length === 2);
    await p.page.locator('#polls-list li label', { hasText: answer }).locator('input').check();
    await p.page.locator('#polls-list li button.vote').click();
  };
  await vote(bob, 'Soup');
  await vote(ann, 'Pizza');
  await vote(org, 'Soup');
  for (const p of [org, ann, bob]) {
    await waitFor(p, 'the results: Pizza 1, Soup 2', () => {
      const rows = [...document.querySelectorAll('#polls-list li .result')];
      return rows.map((r) => r.dataset.votes).join() === '1,2' && rows[1].textContent.includes('67%');
    });
  }
  await shot(ann, 'poll-results');
  // A poll message the server refuses (over Jitsi's size limit) reaches no one and says why.
  await ann.page.evaluate(() => window.huddle.conference.features.createPoll('x'.repeat(1100), ['a', 'b']));
  await waitFor(ann, 'the refusal is shown', () => /too large/.test(document.getElementById('status').textContent));
  const polls = await org.page.evaluate(() => window.huddle.conference.features.polls.polls.size);
  if (polls !== 1) throw new Error(`the organizer has ${polls} polls; the refused one should not have arrived`);
  log('polls: created, voted by three, results everywhere; an oversized one refused');

  // Speaker stats: someone has spoken (the fake microphones beep) and the dialog shows it.
  await waitFor(org, 'a dominant speaker is known', () => !!window.huddle.conference.dominant, null, 30000);
  await org.page.getByRole('button', { name: 'Speaker stats' }).click();
  await waitFor(org, 'the speaker stats show three people and some speaking time', () => {
    const rows = [...document.querySelectorAll('#speaker-stats-table tbody tr')];
    return rows.length === 3 && rows.some((r) => Number(r.querySelector('.time').dataset.ms) > 0);
  });
  await shot(org, 'speaker-stats');
  await org.page.getByRole('button', { name: 'Close' }).click();
  log('speaker stats: shown with time per person');

  // Moderator granted to bob, then taken back.
  await org.page.getByRole('button', { name: 'Make bob a moderator' }).click();
  await waitFor(bob, 'bob moderates', () => window.huddle.conference.isModerator);
  await org.page.getByRole('button', { name: "Take bob's moderator rights back" }).click();
  await waitFor(bob, 'bob no longer moderates', () => !window.huddle.conference.isModerator && document.getElementById('btn-end').hidden);
  log('moderator granted and revoked');

  // End meeting for all: the guests see no such button; the organizer confirms; everyone is out.
  for (const p of [ann, bob]) {
    if (await p.page.locator('#btn-end').isVisible()) throw new Error(`${p.name}, a guest, sees End meeting for all`);
  }
  await org.page.getByRole('button', { name: 'End meeting for all' }).click();
  await org.page.getByRole('dialog', { name: 'End the meeting for everyone?' }).getByRole('button', { name: 'End meeting for all' }).click();
  for (const p of [org, ann, bob]) {
    await waitFor(p, 'the meeting ended, with the reason shown', () => window.huddle.state === 'ended'
      && !document.getElementById('ended').hidden && /ended by a moderator/.test(document.getElementById('ended-reason').textContent));
  }
  await shot(ann, 'meeting-ended');
  log('end meeting: everyone out, reason shown');
}
