// A/V moderation in Huddle's app (issue 16; docs/wire.md "A/V moderation"): the organizer asks
// everyone to unmute first. The guest's app mutes on the focus's notice and its microphone button
// says why; the guest's own unmute is refused and the bridge keeps dropping the guest's audio. The
// guest raises a hand, the organizer allows the guest to speak from the participants pane, the hand
// goes down, and the guest's unmute now goes through: the organizer hears the guest again. Last, the
// organizer lets everyone unmute.
import { participant, join, joined, waitFor, shot, awaitMediaFrom, endpointId, log } from '../lib.mjs';

/** The packets `p` received of `owner`'s audio so far. */
async function audioPackets(p, owner) {
  const list = await p.page.evaluate(() => window.huddle.inboundStats());
  return list.filter((s) => s.owner === owner && s.kind === 'audio').reduce((n, s) => n + s.packetsReceived, 0);
}

export async function run() {
  const room = 'team-av-moderation';
  const org = await participant('org');
  const gus = await participant('gus');
  await join(org, room);
  await joined(org);
  await waitFor(org, 'it moderates the room it opened', () => window.huddle.conference.isModerator);
  await join(gus, room);
  await joined(gus);
  for (const p of [org, gus]) {
    await waitFor(p, 'both are listed', () => document.getElementById('people-count').textContent === '2');
    await p.page.getByRole('button', { name: /^Participants/ }).click();
  }
  const gusId = await endpointId(gus);
  await waitFor(org, 'the organizer is offered A/V moderation', () => !document.getElementById('btn-av-audio').hidden);
  const guestSees = await gus.page.evaluate(() => !document.getElementById('people-actions').hidden);
  if (guestSees) throw new Error('the guest sees the moderator actions');
  await awaitMediaFrom(org, [gus], { what: ['audio'] });

  await org.page.getByRole('button', { name: 'Ask everyone to unmute first' }).click();
  await waitFor(gus, 'the guest is muted and the microphone button says why', () => {
    const c = window.huddle.conference;
    return c.audioMuted && c.mutedByFocus.audio && /raise your hand/.test(document.getElementById('btn-mic').title);
  });
  await waitFor(org, 'the organizer may still speak', () => document.getElementById('btn-mic').title === '');
  await gus.page.getByRole('button', { name: 'Unmute' }).click();
  await waitFor(gus, 'the unmute is refused, and the guest is told', () =>
    window.huddle.conference.audioMuted && /must allow you/.test(document.getElementById('status').textContent));
  await shot(gus, 'refused-unmute');
  await new Promise((r) => setTimeout(r, 1000)); // packets already on their way
  const before = await audioPackets(org, gusId);
  await new Promise((r) => setTimeout(r, 2000));
  const after = await audioPackets(org, gusId);
  log(`org's packets of gus's audio while moderated: ${before} then ${after}`);
  if (after - before > 2) throw new Error(`the organizer still receives the guest's audio: ${before} → ${after} packets`);

  await gus.page.getByRole('button', { name: 'Raise hand' }).click();
  await waitFor(org, "the guest's raised hand and the allow button show", (id) => {
    const li = document.querySelector(`#people-list li[data-id="${id}"]`);
    return li && li.textContent.includes('hand raised') && li.querySelector('button[data-action="av-allow-audio"]');
  }, gusId);
  await shot(org, 'allow-to-speak');
  await org.page.getByRole('button', { name: 'Allow gus to unmute' }).click();
  await waitFor(gus, 'the guest hears it may speak; the hand goes down', () =>
    /allowed you to speak/.test(document.getElementById('status').textContent) && !window.huddle.conference.raisedHand
    && document.getElementById('btn-mic').title === '');
  await waitFor(org, 'the organizer can take it back', (id) => !!document.querySelector(`button[data-action="av-revoke-audio"][data-id="${id}"]`), gusId);
  await gus.page.getByRole('button', { name: 'Unmute' }).click();
  await waitFor(gus, 'the guest is unmuted', () => !window.huddle.conference.audioMuted && !window.huddle.conference.mutedByFocus.audio);
  await awaitMediaFrom(org, [gus], { what: ['audio'], timeout: 20000 });
  const resumed = await audioPackets(org, gusId);
  if (resumed <= after) throw new Error(`the organizer receives no more of the guest's audio: ${after} → ${resumed}`);
  log(`the organizer hears the guest again (${resumed} packets)`);

  await org.page.getByRole('button', { name: 'Let everyone unmute' }).click();
  await waitFor(gus, 'the guest hears that everyone may unmute again', () => /Everyone may unmute again/.test(document.getElementById('status').textContent));
  await waitFor(org, 'the per-participant controls are gone', () => !document.querySelector('button[data-action^="av-"]'));
  log('A/V moderation: the guest was refused until allowed, then heard');
}
