// Breakout rooms with Jitsi's own client library, unmodified (e2e/jitsi/): ana (the moderator),
// ben and cy meet; ana creates a breakout room with createBreakoutRoom(), which everyone hears of
// (BREAKOUT_ROOMS_UPDATED), and sends ben and cy there with sendParticipantToRoom(). Each gets
// BREAKOUT_ROOMS_MOVE_TO_ROOM, leaves the meeting and joins the breakout room as a new conference,
// as jitsi-meet does; there the library knows it is a breakout room of ana's meeting, and ben and
// cy see each other's camera through the bridge. ana then closes the room as jitsi-meet does (each
// occupant sent back to the main room, then removeBreakoutRoom()): ben and cy are back in the
// meeting, ana sees both cameras again, and the update no longer lists the room.
import { jitsiClient, awaitJitsiVideo, waitForLjm, log, shot } from '../lib.mjs';

/** The breakout room named {@code name} in {@code p}'s last update, or null. */
async function roomNamed(p, name) {
  return p.page.evaluate((n) => {
    const rooms = Object.values((window.ljm.breakout && window.ljm.breakout.rooms) || {});
    return rooms.find((r) => r.name === n && !r.isMainRoom) || null;
  }, name);
}

async function joinedRoom(p, roomJid, description) {
  await waitForLjm(p, description, (jid) => window.ljm.state === 'joined' && window.ljm.rooms[window.ljm.rooms.length - 1] === jid, roomJid, 60000);
  p.endpointId = await p.page.evaluate(() => window.ljm.endpointId);
}

export async function run() {
  const room = 'jitsi-breakout';
  const main = `${room}@muc.meet.jitsi`;
  const ana = await jitsiClient('ana', room);
  const ben = await jitsiClient('ben', room);
  const cy = await jitsiClient('cy', room);
  await awaitJitsiVideo(ana, [ben, cy]);
  await waitForLjm(ana, 'ana is moderator and the library found the breakout rooms component',
    () => window.ljm.conference.isModerator() && window.ljm.breakoutSupported());

  await ana.page.evaluate(() => window.ljm.createBreakoutRoom('Room 1'));
  for (const p of [ana, ben, cy]) {
    await waitForLjm(p, `${p.name} hears of Room 1`, () =>
      Object.values(window.ljm.breakout?.rooms || {}).some((r) => r.name === 'Room 1'));
  }
  const target = await roomNamed(ana, 'Room 1');
  log(`createBreakoutRoom(): everyone heard of ${target.jid}`);

  for (const p of [ben, cy]) {
    const sent = await ana.page.evaluate(([id, jid]) => window.ljm.sendToRoom(id, jid), [p.endpointId, target.jid]);
    if (!sent) throw new Error(`ana's update does not list ${p.name} (${p.endpointId})`);
  }
  for (const p of [ben, cy]) {
    await waitForLjm(p, `${p.name} is told to move to the breakout room`, (jid) => window.ljm.movedTo.includes(jid), target.jid);
    await joinedRoom(p, target.jid, `${p.name} joined the breakout room as a new conference`);
    const where = await p.page.evaluate(() => ({ breakout: window.ljm.isBreakoutRoom(), main: window.ljm.mainRoomJid() }));
    if (!where.breakout || where.main !== main) throw new Error(`${p.name}'s library says ${JSON.stringify(where)}`);
  }
  await awaitJitsiVideo(ben, [cy]);
  await awaitJitsiVideo(cy, [ben]);
  await shot(ben, 'jitsi-breakout-room');
  log('sendParticipantToRoom(): ben and cy moved to the breakout room and see each other there');
  await waitForLjm(ana, "ana's update shows both in the breakout room", (jid) => {
    const r = Object.values(window.ljm.breakout?.rooms || {}).find((x) => x.jid === jid);
    return r && Object.keys(r.participants || {}).length === 2;
  }, target.jid);

  // Closing, as jitsi-meet's closeBreakoutRoom/removeBreakoutRoom do it.
  for (const p of [ben, cy]) {
    await ana.page.evaluate(([id, jid]) => window.ljm.sendToRoom(id, jid), [p.endpointId, main]);
  }
  await ana.page.evaluate((jid) => window.ljm.removeBreakoutRoom(jid), target.jid);
  for (const p of [ben, cy]) {
    await joinedRoom(p, main, `${p.name} is back in the meeting`);
  }
  await awaitJitsiVideo(ana, [ben, cy]);
  await waitForLjm(ana, 'the update no longer lists the breakout room', (jid) =>
    !Object.values(window.ljm.breakout?.rooms || {}).some((x) => x.jid === jid), target.jid);
  await shot(ana, 'jitsi-breakout-back');
  log('closing: ben and cy are back in the meeting and ana sees both again');
}
