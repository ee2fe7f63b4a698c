/**
 * Choosing a bridge for a conference: least loaded (the default), by region, split (conferences
 * spread over bridges, for tests), an HTTP allocation hook compatible with TxThinking's
 * allocateserver query, and a Lua strategy in a sandbox. Every strategy falls back to least loaded.
 */
package org.huddle.focus.selection;
