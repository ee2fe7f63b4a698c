// Jitsi's own client library, unmodified (e2e/jitsi/), in meetings of two, three and six through
// the bridge (P2P off). At each size, every participant shows every other's camera on the SSRC the
// focus signalled for it, and no video arrives on an SSRC it was not told about.
// HUDDLE_E2E_CODEC picks the codec the clients prefer (VP8 by default). Each also learns when the
// room was created from the conference-duration component it discovered (CONFERENCE_CREATED_TIMESTAMP).
import { jitsiClient, awaitJitsiVideo, waitForLjm, log, shot } from '../lib.mjs';

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
  people.push(await jitsiClient('cy', room, { codec }));
  await check(3);
  for (const name of ['dan', 'eve', 'fay']) people.push(await jitsiClient(name, room, { codec }));
  await check(6);
}
