/**
 * The XMPP role's configuration: Prosody-style config files read through LuaJ, docker-jitsi-meet
 * environment variables, and the typed {@link org.huddle.xmpp.server.config.XmppConfig} and {@link
 * org.huddle.xmpp.server.config.HostConfig} records every option is read into at load; {@link
 * org.huddle.xmpp.server.config.OptionCheck} refuses wrong types and misspelt names
 * (docs/xmpp-server.md, "Options").
 */
package org.huddle.xmpp.server.config;
