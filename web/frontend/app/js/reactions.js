// Reactions as Jitsi's clients send them (docs/wire.md "Reactions"): an EndpointMessage over the
// bridge channel to everyone, whose payload is {name: 'endpoint-reaction', reactions: [...],
// timestamp}. Pure: the payload we send and the check of what arrives. Tested by node.

export const ENDPOINT_REACTION_NAME = 'endpoint-reaction';

/** Jitsi's reaction names and the emoji each shows. */
export const REACTIONS = {
  like: '👍',
  clap: '👏',
  laugh: '😀',
  surprised: '😮',
  boo: '🙁',
  silence: '😶',
  love: '💖',
};

/** At most this many reactions are taken from one message (Jitsi batches a burst into one). */
export const MAX_REACTIONS_PER_MESSAGE = 20;
/** A reaction payload larger than this (as JSON) is dropped. */
export const MAX_REACTION_PAYLOAD = 1024;

export function reactionPayload(reactions, now = Date.now()) {
  return { name: ENDPOINT_REACTION_NAME, reactions: [...reactions], timestamp: now };
}

/**
 * The reactions an endpoint message carries: the known names, or null when it is no reaction
 * message, or it is malformed (reactions not a list of strings, too many, too large): dropped.
 */
export function readReactions(payload) {
  if (!payload || typeof payload !== 'object' || payload.name !== ENDPOINT_REACTION_NAME) return null;
  const list = payload.reactions;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_REACTIONS_PER_MESSAGE) return null;
  if (!list.every((r) => typeof r === 'string')) return null;
  let size;
  try {
    size = JSON.stringify(payload).length;
  } catch {
    return null;
  }
  if (size > MAX_REACTION_PAYLOAD) return null;
  const known = list.filter((r) => Object.hasOwn(REACTIONS, r));
  return known.length ? known : null;
}
