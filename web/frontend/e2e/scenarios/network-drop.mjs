// A participant whose network drops for 10 s comes back with media. Its browser runs as its own
// user; iptables marks that user's connections and drops them in both directions for 10 s.
import { participant, join, joined, shot, awaitMediaFrom, endpointId, iptables, log, CUT_UID } from '../lib.mjs';

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
  const cId = await endpointId(c);
  const jidBefore = await c.page.evaluate(() => window.huddle.conference.xmpp.jid);
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
  const how = await c.page.evaluate(() => ({
    status: window.huddle.status,
    jid: window.huddle.conference.xmpp.jid,
    reconnects: window.huddle.conference.xmpp.reconnects,
  }));
  log('the dropped participant is back with media:', JSON.stringify(how));
  // Back with media is not enough: the XMPP stream itself must have been resumed (XEP-0198), not
  // replaced by a new login. Every reconnection must have sent <resume previd=…/>, been answered
  // <resumed previd=…/> for that same stream, and kept the same full JID.
  const history = how.reconnects.history;
  if (history.length < 1) throw new Error(`${c.name} never reconnected its XMPP stream: ${JSON.stringify(how.reconnects)}`);
  for (const r of history) {
    if (!r.previd || !r.resumed || !r.serverSaidResumed) {
      throw new Error(`${c.name} came back without resuming its XMPP stream (stream management): ${JSON.stringify(r)}`);
    }
    if (r.jidBefore !== jidBefore || r.jidAfter !== jidBefore) {
      throw new Error(`${c.name} resumed under another JID: was ${jidBefore}, then ${JSON.stringify(r)}`);
    }
  }
  if (how.jid !== jidBefore) throw new Error(`${c.name}'s JID changed from ${jidBefore} to ${how.jid}`);
  // And the room never saw it leave: neither steady participant saw its occupant go.
  for (const p of [a, b]) {
    const departures = await p.page.evaluate(() => window.huddle.conference.departures);
    if (departures.includes(cId)) {
      throw new Error(`${p.name} saw ${c.name} (${cId}) leave the room during the drop: ${JSON.stringify(departures)}`);
    }
  }
  log(`${c.name} resumed its stream as ${jidBefore} ${history.length} time(s); the room never saw it leave`);
}
