// Jitsi's lobby with Jitsi's own client library, unmodified (e2e/jitsi/): ana, a moderator, turns
// the lobby on with conference.enableLobby() (MEMBERS_ONLY_CHANGED); ben is refused with
// MEMBERS_ONLY_ERROR, knocks with joinLobby(name), ana sees him (LOBBY_USER_JOINED) and lets him in
// with lobbyApproveAccess(): ben's library joins the meeting by itself, ana sees him leave the
// lobby and join, and his camera reaches her through the bridge. cleo knocks too and is denied
// with lobbyDenyAccess() (CONFERENCE_FAILED with CONFERENCE_ACCESS_DENIED). Last, disableLobby()
// opens the meeting again (docs/wire.md "Lobby").
import { jitsiClient, awaitJitsiVideo, waitForLjm, log, shot } from '../lib.mjs';

const MEMBERS_ONLY = 'conference.connectionError.membersOnly';
const DENIED = 'conference.connectionError.accessDenied';

async function knocks(p, name) {
  await waitForLjm(p, `${name} is sent to the lobby (MEMBERS_ONLY_ERROR)`, (e) => window.ljm.failures.some((f) => f.error === e), MEMBERS_ONLY);
  const knocked = await p.page.evaluate((n) => window.ljm.joinLobby(n), name);
  if (knocked !== 'ok') throw new Error(`${name}'s joinLobby() failed: ${knocked}`);
}

async function knocker(ana, name) {
  const handle = await waitForLjm(ana, `ana sees ${name} knock (LOBBY_USER_JOINED)`, (n) => Object.entries(window.ljm.lobbyUsers).find(([, v]) => v === n)?.[0], name);
  return handle.jsonValue();
}

export async function run() {
  const room = 'jitsi-lobby';
  const ana = await jitsiClient('ana', room);
  const supported = await ana.page.evaluate(() => window.ljm.lobbySupported());
  if (!supported) throw new Error('lib-jitsi-meet did not find the lobby (disco identity lobbyrooms)');
  const enabled = await ana.page.evaluate(() => window.ljm.enableLobby());
  if (enabled !== 'ok') throw new Error(`ana's enableLobby() failed: ${enabled}`);
  await waitForLjm(ana, 'the meeting is members-only (MEMBERS_ONLY_CHANGED)', () => window.ljm.membersOnly === true);
  log('enableLobby(): the meeting is members-only and has a lobby');

  const ben = await jitsiClient('ben', room, { awaitJoin: false });
  await knocks(ben, 'Ben Waiting');
  const benInLobby = await knocker(ana, 'Ben Waiting');
  await shot(ana, 'ben-knocks');
  await ana.page.evaluate((id) => window.ljm.lobbyApprove(id), benInLobby);
  await waitForLjm(ben, "ben's library joins the meeting once approved", () => window.ljm.state === 'joined', null, 60000);
  ben.endpointId = await ben.page.evaluate(() => window.ljm.endpointId);
  await waitForLjm(ana, 'ben left the lobby (LOBBY_USER_LEFT)', (id) => !(id in window.ljm.lobbyUsers), benInLobby);
  await waitForLjm(ana, 'ben is in the meeting', (id) => window.ljm.participants().includes(id), ben.endpointId);
  ana.endpointId = await ana.page.evaluate(() => window.ljm.endpointId);
  await awaitJitsiVideo(ana, [ben]);
  log('lobbyApproveAccess(): ben was let in and his camera reached ana');

  const cleo = await jitsiClient('cleo', room, { awaitJoin: false });
  await knocks(cleo, 'Cleo Waiting');
  const cleoInLobby = await knocker(ana, 'Cleo Waiting');
  await ana.page.evaluate((id) => window.ljm.lobbyDeny(id), cleoInLobby);
  await waitForLjm(cleo, 'cleo hears she was denied (CONFERENCE_ACCESS_DENIED)', (e) => window.ljm.failures.some((f) => f.error === e), DENIED);
  await waitForLjm(ana, 'cleo is gone from the lobby', (id) => !(id in window.ljm.lobbyUsers), cleoInLobby);
  if (await cleo.page.evaluate(() => window.ljm.state === 'joined')) throw new Error('cleo joined although denied');
  await cleo.context.close();
  log('lobbyDenyAccess(): cleo was refused');

  await ana.page.evaluate(() => window.ljm.disableLobby());
  await waitForLjm(ana, 'the meeting is open again', () => window.ljm.membersOnly === false);
  await waitForLjm(ben, 'ben hears it too', () => window.ljm.membersOnly === false);
  const dora = await jitsiClient('dora', room);
  await waitForLjm(ana, 'dora walked in', (id) => window.ljm.participants().includes(id), dora.endpointId);
  log('disableLobby(): the next joiner walked straight in');
}
