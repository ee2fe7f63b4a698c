// Jitsi's own client library, unmodified (e2e/jitsi/), in meetings of two, three and six through
// the bridge (P2P off). At each size, every participant shows every other's camera on the SSRC the
// focus signalled for it, and no video arrives on an SSRC it was not told about.
// HUDDLE_E2E_CODEC picks the codec the clients prefer (VP8 by default). With VP8 the first
// participant, a moderator, also locks the room with conference.lock(): the other hears it
// (LOCK_STATE_CHANGED), a client without the password is refused (PASSWORD_REQUIRED), and unlock()
// opens the room again for the next joiner. Then ana mutes ben's audio with muteParticipant(): ben's
// library mutes its microphone on the focus's notice (muted by focus), ana sees ben's audio muted, and
// when ben unmutes, his library asks the focus to lift the mute and ana sees him unmuted.
// Then A/V moderation (lib-jitsi-meet's AVModeration against Huddle's avmoderation component and
// focus): ana turns on moderation of audio; ben hears it (AV_MODERATION_CHANGED) and the focus mutes
// him; his own unmute is refused (not-allowed) and his library mutes again; ana allows him
// (AV_MODERATION_PARTICIPANT_APPROVED for her, AV_MODERATION_APPROVED for him) and his unmute goes
// through; ana takes it back (..._REJECTED) and the focus mutes him; cy, joining now, hears that
// audio is moderated and is muted by the focus; ana turns moderation off and ben unmutes freely.
// Each participant also learns when the room was created from the conference-duration component it
// discovered (CONFERENCE_CREATED_TIMESTAMP).
import { jitsiClient, awaitJitsiVideo, waitForLjm, log, shot } from '../lib.mjs';

async function lockAndUnlock([ana, ben], room, codec) {
  const locked = await ana.page.evaluate(() => window.ljm.lock('jitsi-secret'));
  if (locked !== 'ok') throw new Error(`ana's lock() failed: ${locked}`);
  await waitForLjm(ben, 'ben hears that the room is locked', () => window.ljm.locked === true);
  const probe = await jitsiClient('probe', room, { codec, awaitJoin: false });
  await waitForLjm(probe, 'a client without the password is refused', () =>
    window.ljm.errors.some((e) => e.includes('conference.passwordRequired')),
  );
  await probe.context.close();
  const unlocked = await ana.page.evaluate(() => window.ljm.unlock());
  if (unlocked !== 'ok') throw new Error(`ana's unlock() failed: ${unlocked}`);
  await waitForLjm(ben, 'ben hears that the room is open again', () => window.ljm.locked === false);
  log('lock(): the room asked for a password and refused a client without it; unlock() opened it again');
}

async function muteAndSelfUnmute([ana, ben]) {
  const benId = await ben.page.evaluate(() => window.ljm.endpointId);
  await ana.page.evaluate((id) => window.ljm.mute(id, 'audio'), benId);
  await waitForLjm(ben, "ben's library mutes his microphone on the focus's notice", () =>
    window.ljm.localMuted('audio') && window.ljm.mutedByFocus(),
  );
  await waitForLjm(ana, "ana sees ben's audio muted", (id) => window.ljm.remoteMuted[`${id}-audio`] === true, benId);
  const unmuted = await ben.page.evaluate(() => window.ljm.unmuteLocal('audio'));
  if (unmuted !== 'ok') throw new Error(`ben's unmute failed: ${unmuted}`);
  await waitForLjm(ben, "ben's library no longer counts him muted by the focus", () => !window.ljm.mutedByFocus());
  await waitForLjm(ana, "ana sees ben's audio unmuted", (id) => window.ljm.remoteMuted[`${id}-audio`] === false, benId);
  log("muteParticipant(): ben's library muted him on the focus's notice; his own unmute reached ana");
}

async function avModeration([ana, ben], joinCy) {
  const benId = await ben.page.evaluate(() => window.ljm.endpointId);
  const heard = (p, what, event) => waitForLjm(p, what, (e) => window.ljm.av.includes(e), event);
  const mutedByFocus = (what) => waitForLjm(ben, what, () => window.ljm.localMuted('audio') && window.ljm.mutedByFocus());
  const unmute = async () => {
    const r = await ben.page.evaluate(() => window.ljm.unmuteLocal('audio'));
    if (r !== 'ok') throw new Error(`ben's unmute failed: ${r}`);
  };
  await ana.page.evaluate(() => window.ljm.avModeration(true, 'audio'));
  await heard(ben, 'ben hears that audio is moderated', 'changed audio true');
  await heard(ana, 'ana hears it too', 'changed audio true');
  await mutedByFocus('the focus mutes ben, who is not allowed');
  await unmute();
  await waitForLjm(ben, "the focus refuses ben's unmute", () => window.ljm.iqErrors.includes('not-allowed'));
  await mutedByFocus("ben's library mutes again on the focus's repeated notice");
  await ana.page.evaluate((id) => window.ljm.approve(id, 'audio'), benId);
  await heard(ana, 'ana sees ben approved', `participant-approved audio ${benId}`);
  await heard(ben, 'ben hears he may unmute', 'approved audio');
  await unmute();
  await waitForLjm(ben, "ben's unmute is accepted", () => !window.ljm.mutedByFocus() && !window.ljm.localMuted('audio'));
  await waitForLjm(ana, "ana sees ben's audio unmuted", (id) => window.ljm.remoteMuted[`${id}-audio`] === false, benId);
  await ana.page.evaluate((id) => window.ljm.reject(id, 'audio'), benId);
  await heard(ana, 'ana sees ben rejected', `participant-rejected audio ${benId}`);
  await heard(ben, 'ben hears he may no longer unmute', 'rejected audio');
  await mutedByFocus('the focus mutes ben again');
  const cy = await joinCy();
  await heard(cy, 'cy, joining, hears that audio is moderated', 'changed audio true');
  await waitForLjm(cy, "the focus mutes cy, who joined while it is on", () => window.ljm.localMuted('audio') && window.ljm.mutedByFocus());
  await ana.page.evaluate(() => window.ljm.avModeration(false, 'audio'));
  await heard(cy, 'cy hears that audio is no longer moderated', 'changed audio false');
  const cyUnmuted = await cy.page.evaluate(() => window.ljm.unmuteLocal('audio'));
  if (cyUnmuted !== 'ok') throw new Error(`cy's unmute failed: ${cyUnmuted}`);
  await waitForLjm(cy, 'cy unmutes freely', () => !window.ljm.mutedByFocus() && !window.ljm.localMuted('audio'));
  await heard(ben, 'ben hears that audio is no longer moderated', 'changed audio false');
  await unmute();
  await waitForLjm(ben, 'ben unmutes freely', () => !window.ljm.mutedByFocus() && !window.ljm.localMuted('audio'));
  await waitForLjm(ana, "ana sees ben's audio unmuted", (id) => window.ljm.remoteMuted[`${id}-audio`] === false, benId);
  log("A/V moderation: the focus refused ben's unmute until ana allowed it, and again after she took it back; cy, joining meanwhile, was muted");
  return cy;
}

export async function run() {
  const codec = process.env.HUDDLE_E2E_CODEC || 'VP8';
  const room = `jitsi-${codec.toLowerCase()}-meeting`;
  const people = [];
  const check = async (size) => {
    for (const p of people) {
      const others = people.filter((o) => o !== p);
      const got = await awaitJitsiVideo(p, others);
      log(`${size} participants: ${p.name} shows`, JSON.stringify(got.byOwner));
    }
    await shot(people[0], `jitsi-${size}`);
  };
  for (const name of ['ana', 'ben']) people.push(await jitsiClient(name, room, { codec }));
  await check(2);
  for (const p of people) {
    await waitForLjm(p, 'the conference-duration component said when the room was created',
      () => typeof window.ljm.createdTimestamp === 'number' && window.ljm.createdTimestamp > 0, null, 15000);
  }
  if (codec === 'VP8') {
    await lockAndUnlock(people, room, codec);
    await muteAndSelfUnmute(people);
    people.push(await avModeration(people, () => jitsiClient('cy', room, { codec })));
  } else {
    people.push(await jitsiClient('cy', room, { codec }));
  }
  await check(3);
  for (const name of ['dan', 'eve', 'fay']) people.push(await jitsiClient(name, room, { codec }));
  await check(6);
}
