/**
 * Carrying {@link org.huddle.xmpp.codec.Element} trees through Smack, the XMPP client library the
 * focus and the bridge both use: as IQs (RFC 6120 §8.2.3) and as extension elements out, and read
 * back per connection by a {@link org.huddle.signalling.smack.StanzaReader}, never through Smack's
 * JVM-wide provider registry. Above this package, code sees elements and the signalling classes,
 * never Smack's types.
 */
package org.huddle.signalling.smack;
