/**
 * The bridge's side of Colibri2 (docs/wire.md#colibri2): carrying out {@code conference-modify}
 * requests on conferences and endpoints, and mapping the shared signalling elements ({@link
 * org.huddle.signalling.colibri2}) to the bridge's own model.
 */
package org.huddle.videobridge.colibri2;
