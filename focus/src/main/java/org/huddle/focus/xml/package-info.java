/**
 * The XML the focus handles, as {@link org.huddle.xmpp.codec.Element} trees: parsing stanza text
 * with the shared codec's limits, and carrying trees through Smack as IQs (RFC 6120 §8.2.3) and
 * extension elements. Everything above this package sees elements, never Smack's types.
 */
package org.huddle.focus.xml;
