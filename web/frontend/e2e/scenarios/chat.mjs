// Chat reaches everyone: three participants (one of them over BOSH instead of WebSocket, one on a
// phone-sized screen), each message arrives at the two others, with an unread count while the chat
// is closed. Then the toolbar: a raised hand and a muted microphone show at the others, the invite
// link is copied, and leaving removes the participant from everyone's list.
import { participant, join, joined, waitFor, shot, log } from '../lib.mjs';

export async function run() {
  const room = 'team-meeting';
  const alice = await participant('alice');
  const bob = await participant('bob');
  const carol = await participant('carol', { viewport: { width: 390, height: 780 } });
  await join(alice, room);
  await join(bob, room, { query: '?transport=bosh' });
  await join(carol, room);
  for (const p of [alice, bob, carol]) await joined(p);
  const viaBosh = await bob.page.evaluate(() => window.huddle.conference.xmpp.usingBosh);
  if (!viaBosh) throw new Error('bob should be connected over BOSH');
  for (const p of [alice, bob, carol]) {
    await waitFor(p, 'all three are listed', () => document.getElementById('people-count').textContent === '3');
  }

  await alice.page.getByRole('button', { name: /^Chat/ }).click();
  await alice.page.getByLabel('Message to everyone').fill('Hello from Alice');
  await alice.page.keyboard.press('Enter');
  for (const p of [bob, carol]) {
    await waitFor(p, 'one unread message is counted', () => document.getElementById('chat-unread').textContent === '1' && !document.getElementById('chat-unread').hidden);
  }
  await shot(bob, 'unread-badge');
  for (const p of [bob, carol]) {
    await p.page.getByRole('button', { name: /^Chat/ }).click();
    await waitFor(p, "Alice's message is shown", () => [...document.querySelectorAll('#chat-log li')].some((li) => li.textContent.includes('Hello from Alice')));
  }
  await bob.page.getByLabel('Message to everyone').fill('Bob here, over BOSH');
  await bob.page.keyboard.press('Enter');
  for (const p of [alice, carol]) {
    await waitFor(p, "Bob's message is shown", () => [...document.querySelectorAll('#chat-log li')].some((li) => li.textContent.includes('Bob here, over BOSH')));
  }
  for (const p of [alice, bob, carol]) await shot(p, 'chat');
  log('chat: every message reached both other participants (WebSocket and BOSH)');

  await alice.page.getByRole('button', { name: 'Raise hand' }).click();
  await alice.page.getByRole('button', { name: 'Mute', exact: true }).click();
  for (const p of [bob, carol]) {
    await waitFor(p, "Alice's hand and muted microphone show", () => {
      const li = [...document.querySelectorAll('#people-list li')].find((x) => x.textContent.startsWith('alice'));
      const tile = [...document.querySelectorAll('.tile')].find((t) => t.querySelector('.name')?.textContent === 'alice');
      return li && li.textContent.includes('hand raised') && li.textContent.includes('muted') && tile && !tile.querySelector('.hand').hidden && tile.querySelector('.mic').getAttribute('aria-label') === 'microphone muted';
    });
  }
  await bob.page.getByRole('button', { name: /^Participants/ }).click();
  await shot(bob, 'hand-and-mute');
  await alice.page.getByRole('button', { name: 'Copy invite link' }).click();
  await waitFor(alice, 'the invite link is shown', (room) => document.getElementById('status').textContent.includes('/' + room), room);
  const copied = await alice.page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
  if (copied && !copied.endsWith('/' + room)) throw new Error('the copied invite link is ' + copied);
  await carol.page.getByRole('button', { name: 'Leave' }).click();
  await waitFor(carol, 'carol sees she left', () => window.huddle.state === 'left' && !document.getElementById('ended').hidden);
  for (const p of [alice, bob]) {
    await waitFor(p, 'carol is gone from the list', () => document.getElementById('people-count').textContent === '2');
  }
  await shot(carol, 'left');
  log('raised hand, mute, invite link and leaving all showed where they should');
}
