// The organizer's controls (issue 16): the first one in (the owner and moderator) sees mute, stop
// video, remove and make moderator per participant and "mute everyone"; a guest sees none of them.
// The organizer mutes ann's microphone: ann's app shows it, and the bridge stops forwarding her
// audio to bob (his inbound packets from her stop growing). Ann unmutes herself, which asks the focus
// first, and bob hears her again. A private message reaches ann only, and her reply reaches the
// organizer. The organizer makes bob a moderator, who then sees the controls, and removes ann, who
// is then out of the meeting; "mute everyone" mutes bob. Last, pin and unpin: bob's camera on the
// stage and back to the grid.
import { organizerAndTwo, waitFor, shot, awaitMediaFrom, endpointId, log } from '../lib.mjs';

/** The packets `p` received of `owner`'s audio so far. */
async function audioPackets(p, owner) {
  const list = await p.page.evaluate(() => window.huddle.inboundStats());
  return list.filter((s) => s.owner === owner && s.kind === 'audio').reduce((n, s) => n + s.packetsReceived, 0);
}

const MODERATION = 'button[data-action="mute-audio"], button[data-action="kick"], button[data-action="grant"]';

const chatHas = (p, description, fn, arg) => waitFor(p, description, fn, arg, 20000);

export async function run() {
  const room = 'team-organizer';
  const [org, ann, bob] = await organizerAndTwo(room);
  for (const p of [org, ann, bob]) {
    await p.page.getByRole('button', { name: /^Participants/ }).click();
  }
  const annId = await endpointId(ann);
  const bobId = await endpointId(bob);

  // Who sees the controls: the organizer, per participant and for everyone; a guest, none.
  await waitFor(org, 'the organizer sees the controls for both guests', (sel) => document.querySelectorAll(sel).length === 6 && !document.getElementById('people-actions').hidden, MODERATION);
  const roles = await org.page.evaluate(() => [...document.querySelectorAll('#people-list li')].map((li) => li.dataset.role));
  if (roles.join() !== 'moderator,participant,participant') throw new Error(`roles shown to the organizer: ${roles}`);
  for (const g of [ann, bob]) {
    const seen = await g.page.evaluate((sel) => ({ controls: document.querySelectorAll(sel).length, everyone: !document.getElementById('people-actions').hidden }), MODERATION);
    if (seen.controls || seen.everyone) throw new Error(`${g.name}, a guest, sees moderation controls: ${JSON.stringify(seen)}`);
  }
  await shot(org, 'organizer-controls');
  await shot(ann, 'guest-no-controls');

  // The organizer mutes ann's microphone; the bridge stops forwarding it.
  await awaitMediaFrom(bob, [ann], { what: ['audio'] });
  await org.page.getByRole('button', { name: "Mute ann's microphone" }).click();
  await waitFor(ann, 'ann is muted by the organizer', () => {
    const c = window.huddle.conference;
    return c.audioMuted && c.mutedByFocus.audio && document.getElementById('btn-mic').textContent === 'Unmute'
      && /org muted you/.test(document.getElementById('status').textContent)
      && /muted by org/.test(document.querySelector('#people-list li').textContent);
  });
  await shot(ann, 'muted-by-organizer');
  await waitFor(org, "ann's mute shows at the organizer", (id) => !document.querySelector(`#people-list button[data-action="mute-audio"][data-id="${id}"]`), annId);
  await new Promise((r) => setTimeout(r, 1000)); // packets already on their way
  const before = await audioPackets(bob, annId);
  await new Promise((r) => setTimeout(r, 2000));
  const after = await audioPackets(bob, annId);
  log(`bob's packets of ann's audio while she is muted: ${before} then ${after}`);
  if (after - before > 2) throw new Error(`bob still receives ann's audio while she is muted: ${before} → ${after} packets`);

  // Ann unmutes herself: the focus lifts the bridge's mute first, and bob hears her again.
  await ann.page.getByRole('button', { name: 'Unmute' }).click();
  await waitFor(ann, 'ann is unmuted', () => !window.huddle.conference.audioMuted && !window.huddle.conference.mutedByFocus.audio);
  await awaitMediaFrom(bob, [ann], { what: ['audio'], timeout: 20000 });
  const resumed = await audioPackets(bob, annId);
  if (resumed <= after) throw new Error(`bob receives no more of ann's audio after she unmuted: ${after} → ${resumed}`);
  log(`bob hears ann again (${resumed} packets)`);

  // A private message reaches its addressee only; the reply goes back privately.
  await org.page.getByRole('button', { name: 'Message ann privately' }).click();
  await org.page.getByLabel('Private message to ann').fill('Only for ann');
  await org.page.keyboard.press('Enter');
  await ann.page.getByRole('button', { name: /^Chat/ }).click();
  await chatHas(ann, 'the private message is shown as private', () => [...document.querySelectorAll('#chat-log li.private')].some((li) => li.textContent.includes('Only for ann') && li.textContent.includes('org (privately)')));
  await ann.page.getByRole('button', { name: 'Reply to org privately' }).click();
  await ann.page.getByLabel('Private message to org').fill('Ann answers org');
  await ann.page.keyboard.press('Enter');
  await chatHas(org, "ann's private reply is shown", () => [...document.querySelectorAll('#chat-log li.private')].some((li) => li.textContent.includes('Ann answers org')));
  await org.page.getByRole('button', { name: 'Message everyone instead' }).click();
  await org.page.getByLabel('Message to everyone').fill('To all three');
  await org.page.keyboard.press('Enter');
  await chatHas(bob, 'the message to everyone arrives', () => document.getElementById('chat-unread').textContent === '1');
  const bobLog = await bob.page.evaluate(() => document.getElementById('chat-log').textContent);
  if (/Only for ann|Ann answers org/.test(bobLog)) throw new Error(`bob saw a private message: ${bobLog}`);
  await shot(ann, 'private-chat');

  // Grant moderator: bob becomes one and sees the controls.
  await org.page.getByRole('button', { name: 'Make bob a moderator' }).click();
  await waitFor(bob, 'bob moderates and sees the controls', (sel) => window.huddle.conference.isModerator && document.querySelectorAll(sel).length > 0 && !document.getElementById('people-actions').hidden, MODERATION);
  await waitFor(org, 'bob is listed as a moderator', (id) => document.querySelector(`#people-list li[data-id="${id}"]`)?.dataset.role === 'moderator', bobId);
  await shot(bob, 'granted-moderator');

  // Kick: ann is out, and the others see her leave.
  await org.page.getByRole('button', { name: 'Remove ann from the meeting' }).click();
  // Removing asks first (ui/confirm.js).
  await org.page.getByRole('dialog', { name: 'Remove ann?' }).getByRole('button', { name: 'Remove' }).click();
  await waitFor(ann, 'ann is out of the meeting', () => window.huddle.state === 'kicked' && document.getElementById('meeting').hidden && /org removed you/.test(document.getElementById('ended-title').textContent));
  for (const p of [org, bob]) await waitFor(p, 'ann is gone', () => document.getElementById('people-count').textContent === '2');
  await shot(ann, 'removed');

  // Mute everyone: one request per participant; bob, a moderator now, is muted too.
  await org.page.getByRole('button', { name: 'Mute everyone' }).click();
  await waitFor(bob, 'bob is muted by the organizer', () => window.huddle.conference.audioMuted && window.huddle.conference.mutedByFocus.audio);

  // Pin bob's camera on the stage at the organizer, then back to the grid.
  await org.page.getByRole('button', { name: 'Pin bob on the stage' }).click();
  await waitFor(org, "bob's camera is on the stage", (id) => document.getElementById('grid').classList.contains('staged') && document.querySelector(`.tile.pinned[data-id="${id}"]`) && window.huddle.conference.pinned === id, bobId);
  await shot(org, 'stage-view');
  await org.page.getByRole('button', { name: 'Unpin bob: back to the grid' }).click();
  await waitFor(org, 'the grid is back', () => !document.getElementById('grid').classList.contains('staged') && window.huddle.conference.pinned === null);
  log('organizer: controls for moderators only, mute enforced and lifted, private chat, grant, kick, pin');
}
