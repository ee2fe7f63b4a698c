// The raised-hand queue, as Jitsi's clients order it: each raised hand's presence carries
// jitsi_participant_raisedHand with the time it was raised (ms since the epoch); the earliest is
// first in line. A value of 0 (or none) is a lowered hand. Pure; tested by node.

/** The timestamp a jitsi_participant_raisedHand value means: a positive number, else 0 (lowered). */
export function handTimestamp(value) {
  if (value === true || value === 'true') return Date.now();
  const n = typeof value === 'number' ? value : parseInt(String(value ?? '').trim(), 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The ids of those whose hand is up, first raised first (ties by id, for a stable order). */
export function handQueue(people) {
  return [...people]
    .filter((p) => p.raisedHand > 0)
    .sort((a, b) => a.raisedHand - b.raisedHand || String(a.id).localeCompare(String(b.id)))
    .map((p) => p.id);
}

/** Jitsi's endpoint message asking a participant to lower its hand (a moderator sends it). */
export const LOWER_HAND_MESSAGE = 'LOWER_HAND_MESSAGE';
