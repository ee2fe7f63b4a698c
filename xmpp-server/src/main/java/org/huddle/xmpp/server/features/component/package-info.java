/**
 * Jitsi's Prosody components, served inside the server by module name ({@code Component
 * "speakerstats.meet.jitsi" "speakerstats_component"}): speaker statistics, conference duration,
 * ending a conference and A/V moderation, and the disco identities through which lib-jitsi-meet
 * finds them. Each component watches one MUC service through the api ({@link
 * org.huddle.xmpp.server.api.Rooms} and its room events) and never reaches into the MUC's classes.
 * Wire formats: {@code docs/wire.md}, "Jitsi's components".
 */
package org.huddle.xmpp.server.features.component;
