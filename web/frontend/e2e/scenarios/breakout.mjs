// Breakout rooms in Huddle's app (issue 16): org (the moderator) and ann meet; org opens the
// breakout rooms panel, adds a room and sends ann there. Ann's page leaves the meeting and enters
// the breakout room (a meeting of its own, without the pre-join screen), where her panel shows the
// room and a "Back to the main room" button. Org sees her in the room, closes it, and ann is back
// in the main meeting, where both see each other's camera again.
import { participant, join, joined, waitFor, shot, awaitMediaFrom, log } from '../lib.mjs';

const inRoom = (p, description, test, arg) => waitFor(p, description, test, arg, 60000);

export async function run() {
  const room = 'team-breakout';
  const org = await participant('org');
  const ann = await participant('ann');
  await join(org, room);
  await joined(org);
  await waitFor(org, 'it moderates the room it opened', () => window.huddle.conference.isModerator);
  await join(ann, room);
  await joined(ann);
  await awaitMediaFrom(org, [ann], { what: ['video'] });

  await waitFor(org, 'the breakout rooms button shows', () => !document.getElementById('btn-breakout').hidden);
  await org.page.getByRole('button', { name: 'Breakout rooms' }).click();
  await org.page.getByRole('button', { name: 'Add breakout room' }).click();
  await waitFor(org, 'the panel lists Room 1', () => [...document.querySelectorAll('#breakout-list .breakout-room strong')].some((s) => s.textContent.startsWith('Room 1')));
  const target = await org.page.evaluate(() => window.huddle.breakout.rooms.find((r) => !r.isMain).jid);
  await shot(org, 'breakout-room-added');

  await org.page.getByRole('combobox', { name: 'Send ann to a room' }).selectOption(target);
  await inRoom(ann, 'ann is in the breakout room', (jid) => window.huddle?.state === 'joined' && window.huddle.conference.roomJid === jid, target);
  if (!new URL(await ann.page.url()).searchParams.get('breakout')) throw new Error('ann is not on the breakout room page');
  await waitFor(ann, "ann's page offers the way back", () => !document.getElementById('btn-main-room').hidden);
  await waitFor(org, 'org sees ann in Room 1', (jid) => {
    const li = document.querySelector(`#breakout-list li.breakout-room[data-room="${jid}"]`);
    return li && li.querySelectorAll('li[data-nick]').length === 1;
  }, target);
  await shot(ann, 'breakout-room-ann');
  log('ann was sent to the breakout room and entered it');

  await org.page.getByRole('button', { name: 'Close room' }).click();
  await inRoom(ann, 'ann is back in the main meeting', (r) => window.huddle?.state === 'joined' && window.huddle.conference.roomJid === r, `${room}@muc.meet.jitsi`);
  await waitFor(ann, 'no way "back" is offered in the main room', () => document.getElementById('btn-main-room').hidden);
  await awaitMediaFrom(org, [ann], { what: ['video'] });
  await awaitMediaFrom(ann, [org], { what: ['video'] });
  await waitFor(org, 'the panel no longer lists Room 1', () => document.querySelectorAll('#breakout-list .breakout-room').length === 1);
  await shot(org, 'breakout-closed');
  log('closing the room brought ann back to the main meeting');
}
