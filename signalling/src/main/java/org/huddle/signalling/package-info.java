/**
 * Jitsi's signalling vocabulary, shared by the focus and the videobridge so that the two ends of
 * one protocol cannot drift apart. Each extension element is one immutable class with its {@code
 * ELEMENT}, {@code NAMESPACE}, a {@code parse} from the codec's {@link
 * org.huddle.xmpp.codec.Element} tree and a {@code toElement} writer. The protocols are explained
 * in docs/wire.md; {@link org.huddle.signalling.WireNamespaces} holds every namespace.
 */
package org.huddle.signalling;
