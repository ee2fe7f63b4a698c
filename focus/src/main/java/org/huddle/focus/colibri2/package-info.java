/**
 * The Colibri2 client (docs/wire.md#colibri2): {@code conference-modify} requests, built from the
 * signalling module's elements, that create, update and expire a conference's endpoints on one
 * bridge, the {@code conference-modified} answers, and the errors with their Colibri2 reasons.
 */
package org.huddle.focus.colibri2;
