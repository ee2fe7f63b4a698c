/**
 * What code outside the XMPP server may use: the one way in for extensions such as the Lua plugins
 * and token authentication ({@code auth-plugins}).
 *
 * <ul>
 *   <li>{@link org.huddle.xmpp.server.api.ServerExtension} and {@link
 *       org.huddle.xmpp.server.api.ServerContext}: how an extension is installed, and what it sees;
 *   <li>{@link org.huddle.xmpp.server.api.Host}, {@link org.huddle.xmpp.server.api.Events}, {@link
 *       org.huddle.xmpp.server.api.EventType}, {@link org.huddle.xmpp.server.api.Phase} and {@link
 *       org.huddle.xmpp.server.api.Hook}: Prosody's per-host events, typed;
 *   <li>the payloads of those events: {@link org.huddle.xmpp.server.api.StanzaEvent}, {@link
 *       org.huddle.xmpp.server.api.SessionEvent}, {@link org.huddle.xmpp.server.api.MucEvents} with
 *       {@link org.huddle.xmpp.server.api.Room}, {@link org.huddle.xmpp.server.api.Occupant} and
 *       {@link org.huddle.xmpp.server.api.Origin};
 *   <li>{@link org.huddle.xmpp.server.api.Options} and {@link
 *       org.huddle.xmpp.server.api.LuaConfigReader}: options with types and units, in Prosody's
 *       config syntax; {@link org.huddle.xmpp.server.api.OptionSpec} and {@link
 *       org.huddle.xmpp.server.api.OptionType}: the options an extension reads, which the server
 *       checks at start;
 *   <li>{@link org.huddle.xmpp.server.api.AuthProvider} and the SASL types a provider implements.
 * </ul>
 *
 * <p>The server's own features use the same types, so an extension sees exactly what a built-in
 * feature sees. This package depends on nothing else of the server (LayeringTest checks it); the
 * rest of the server implements its interfaces.
 */
package org.huddle.xmpp.server.api;
