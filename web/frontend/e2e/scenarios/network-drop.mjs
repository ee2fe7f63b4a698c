// A participant whose network drops for 10 s comes back with media. Its browser runs as its own
// user; iptables marks that user's connections and drops them in both directions for 10 s.
import { participant, join, joined, waitFor, shot, awaitMediaFrom, iptables, log, CUT_UID } from '../lib.mjs';

export async function run() {
  const room = 'network-drop-e2e';
  const a = await participant('steady-a');
  const b = await participant('steady-b');
  const c = await participant('dropper', { asUid: CUT_UID });
  iptables('-t', 'mangle', '-A', 'OUTPUT', '-m', 'owner', '--uid-owner', String(CUT_UID), '-j', 'CONNMARK', '--set-mark', '7');
  for (const p of [a, b, c]) {
    await join(p, room);
    await joined(p);
  }
  await awaitMediaFrom(c, [a, b]);
  await awaitMediaFrom(a, [c]);
  await shot(c, 'before-drop');
  log('cutting the network of', c.name, 'for 10 s');
  iptables('-I', 'INPUT', '-m', 'connmark', '--mark', '7', '-j', 'DROP');
  iptables('-I', 'OUTPUT', '-m', 'connmark', '--mark', '7', '-j', 'DROP');
  const cutAt = Date.now();
  let noticed = false;
  try {
    while (Date.now() - cutAt < 10000) {
      if (!noticed && (await c.page.evaluate(() => window.huddle.status?.kind === 'reconnecting'))) {
        noticed = true;
        log(`${c.name} shows it is reconnecting after ${Date.now() - cutAt} ms`);
        await shot(c, 'during-drop');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    iptables('-D', 'INPUT', '-m', 'connmark', '--mark', '7', '-j', 'DROP');
    iptables('-D', 'OUTPUT', '-m', 'connmark', '--mark', '7', '-j', 'DROP');
    log('network restored');
  }
  if (!noticed) throw new Error(`${c.name} never told its user the connection was lost`);
  await awaitMediaFrom(c, [a, b], { timeout: 120000 });
  await awaitMediaFrom(a, [c], { timeout: 120000 });
  await shot(c, 'after-drop');
  const how = await c.page.evaluate(() => ({ status: window.huddle.status, reconnects: window.huddle.conference.xmpp.reconnects }));
  log('the dropped participant is back with media:', JSON.stringify(how));
  if (how.reconnects.resumed < 1) {
    throw new Error(`${c.name} came back without resuming its XMPP stream (stream management): ${JSON.stringify(how.reconnects)}`);
  }
}
