/**
 * The XMPP role's configuration: Prosody-style config files read through LuaJ, docker-jitsi-meet
 * environment variables, and the typed {@link org.huddle.xmpp.server.config.XmppConfig} built from
 * them.
 */
package org.huddle.xmpp.server.config;
