// The lobby in Huddle's own app: alice, the moderator, turns it on from the toolbar; bob, joining,
// is shown the knock screen with his name; alice sees him asking and admits him, and he is in the
// meeting. carol knocks and is denied, and sees that she was. Turning the lobby off lets dan, who
// was waiting, in by himself (docs/wire.md "Lobby").
import { participant, join, joined, waitFor, shot, log } from '../lib.mjs';

async function knocks(p, room) {
  p.page.on('framenavigated', (f) => {
    if (f === p.page.mainFrame()) log(`${p.name} navigated to ${f.url()}`);
  });
  await join(p, room);
  await waitFor(p, 'it is asking to join', () => window.huddle.state === 'lobby-knocking' && !document.getElementById('lobby-knock').hidden);
}

async function asking(alice, name) {
  await waitFor(alice, `${name} is listed as asking to join`, (n) => [...document.querySelectorAll('#lobby-list li')].some((li) => li.textContent.includes(n)), name);
}

export async function run() {
  const room = 'lobby-meeting';
  const alice = await participant('alice');
  await join(alice, room);
  await joined(alice);
  const toggle = alice.page.getByRole('button', { name: /Turn lobby on/ });
  await toggle.click();
  await waitFor(alice, 'the lobby is on', () => document.getElementById('btn-lobby').getAttribute('aria-pressed') === 'true');
  log('alice turned the lobby on');

  const bob = await participant('bob');
  await knocks(bob, room);
  const shown = await bob.page.evaluate(() => document.getElementById('lobby-knock-name').textContent);
  if (shown !== 'bob') throw new Error(`the knock screen shows ${shown}, not bob`);
  await shot(bob, 'knocking');
  await asking(alice, 'bob');
  await shot(alice, 'bob-asking');
  await alice.page.getByRole('button', { name: 'Let bob into the meeting' }).click();
  await joined(bob);
  for (const p of [alice, bob]) {
    await waitFor(p, 'both are listed', () => document.getElementById('people-count').textContent === '2');
  }
  await waitFor(alice, 'nobody is asking any more', () => document.getElementById('lobby-panel').hidden);
  log('bob knocked, alice admitted him, and he is in the meeting');

  const carol = await participant('carol');
  await knocks(carol, room);
  await asking(alice, 'carol');
  await alice.page.getByRole('button', { name: 'Do not let carol in' }).click();
  await waitFor(carol, 'carol sees she was denied', () => window.huddle.state === 'lobby-denied' && !document.getElementById('ended').hidden && document.getElementById('ended-title').textContent.includes('declined'));
  await shot(carol, 'denied');
  log('carol was denied and told so');

  const dan = await participant('dan');
  await knocks(dan, room);
  await asking(alice, 'dan');
  await alice.page.getByRole('button', { name: /^Lobby on:/ }).click();
  await waitFor(alice, 'the lobby is off', () => document.getElementById('btn-lobby').getAttribute('aria-pressed') === 'false');
  await joined(dan);
  await waitFor(alice, 'dan is listed', () => document.getElementById('people-count').textContent === '3');
  log('turning the lobby off let dan in');
}
