/**
 * The Colibri2 client (Jitsi's {@code jitsi:colibri2}, shared/WIRE.md §3): {@code
 * conference-modify} requests that create, update and expire a conference's endpoints on one
 * bridge, the {@code conference-modified} answers, and the errors with their Colibri2 reasons.
 */
package org.huddle.focus.colibri2;
