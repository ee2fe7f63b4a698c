// Pure helpers of the admin page (node-tested in test/admin-records.test.mjs): what the charts and
// tables show, computed from the admin API's JSON (docs/records.md).

/** The step series of participants present over a meeting: [{x: ms, y: count}], in time order. */
export function presenceSeries(participants, now = Date.now()) {
  const edges = [];
  for (const p of participants) {
    edges.push([Date.parse(p.joined), +1]);
    edges.push([p.left ? Date.parse(p.left) : now, -1]);
  }
  // Leaves before joins at one instant: a hand-over is not two people at once.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  let present = 0;
  for (const [t, d] of edges) {
    present += d;
    if (out.length && out[out.length - 1].x === t) out[out.length - 1].y = present;
    else out.push({ x: t, y: present });
  }
  return out;
}

/** Query parameters of the meeting filter, without the empty ones. */
export function filterQuery({ room, from, to }) {
  const q = new URLSearchParams();
  if (room && room.trim()) q.set('room', room.trim());
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return q.toString();
}

/** Minutes, rounded, from seconds. */
export function minutes(seconds) {
  return Math.round(seconds / 60);
}

/**
 * The bridge's media summaries as table rows: who (the participant's name where its endpoint is
 * known), loss as a percentage of the packets expected, the mean bitrate in kb/s, and the layer
 * switches, in the order the API gives them.
 */
export function mediaRows(media, participants) {
  const names = new Map(participants.map((p) => [p.endpoint, p.name || p.endpoint]));
  return media.map((m) => {
    const expected = m.packetsReceived + m.packetsLost;
    return {
      who: names.get(m.endpoint) || m.endpoint,
      received: m.packetsReceived,
      lost: m.packetsLost,
      lossPercent: expected === 0 ? 0 : Math.round((1000 * m.packetsLost) / expected) / 10,
      kbps: Math.round(m.bitrateBps / 1000),
      switches: m.layerSwitches,
    };
  });
}
