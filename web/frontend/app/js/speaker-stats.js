// Speaker statistics (docs/wire.md "Jitsi's components"): how long each participant has been the
// dominant speaker. Seeded from the speakerstats component's message on joining ({users: {nick:
// {displayName, totalDominantSpeakerTime}}}), then kept from the bridge's dominant-speaker changes,
// as lib-jitsi-meet's getSpeakerStats() does. Pure (the clock is passed in); tested by node.

export class SpeakerStats {
  constructor() {
    /** nick -> {total ms, since: ms or null while not speaking} */
    this.people = new Map();
    this.dominant = null;
  }

  entry(id) {
    let e = this.people.get(id);
    if (!e) this.people.set(id, (e = { total: 0, since: null }));
    return e;
  }

  /** The component's join-time totals: taken where larger than what we counted. */
  seed(users) {
    if (!users || typeof users !== 'object') return;
    for (const [id, u] of Object.entries(users)) {
      const t = Number(u?.totalDominantSpeakerTime);
      if (!Number.isFinite(t) || t < 0) continue;
      const e = this.entry(id);
      e.total = Math.max(e.total, t);
    }
  }

  /** The dominant speaker is now `id` (null: nobody). */
  speaker(id, now) {
    if (id === this.dominant) return;
    if (this.dominant) {
      const e = this.entry(this.dominant);
      if (e.since !== null) e.total += now - e.since;
      e.since = null;
    }
    this.dominant = id || null;
    if (this.dominant) this.entry(this.dominant).since = now;
  }

  /** Milliseconds `id` has spoken so far. */
  time(id, now) {
    const e = this.people.get(id);
    if (!e) return 0;
    return e.total + (e.since !== null ? now - e.since : 0);
  }
}

/** 75 000 ms as "1m 15s"; under a minute "15s"; an hour or more "1h 2m". */
export function formatDuration(ms) {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
