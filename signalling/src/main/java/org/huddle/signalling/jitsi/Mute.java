package org.huddle.signalling.jitsi;

import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Jitsi's mute IQ payload, {@code <mute xmlns='http://jitsi.org/jitmeet/audio' jid=…>true</mute>}
 * (or {@code …/video}). A participant sends it to the focus's occupant JID to mute another (a
 * moderator) or to unmute itself; the focus sends it, with {@code actor}, to tell a participant it
 * was muted. See docs/wire.md#mute.
 *
 * @param video whether it is about video (the {@code …/video} namespace) rather than audio
 * @param jid the occupant JID of the participant to mute, or null (the focus's notice has none)
 * @param actor the occupant JID of the moderator who muted, or null (requests have none)
 * @param mute true to mute, false to unmute
 */
public record Mute(boolean video, String jid, String actor, boolean mute) {
  public static final String ELEMENT = "mute";

  /** The payload's namespace for the medium. */
  public static String namespace(boolean video) {
    return video ? WireNamespaces.JITMEET_VIDEO : WireNamespaces.JITMEET_AUDIO;
  }

  /**
   * Reads a mute payload.
   *
   * @throws SignallingException when it is not one, or its text is neither {@code true} nor {@code
   *     false}
   */
  public static Mute parse(Element e) throws SignallingException {
    boolean video = WireNamespaces.JITMEET_VIDEO.equals(e.namespace());
    if (!ELEMENT.equals(e.name())
        || !(video || WireNamespaces.JITMEET_AUDIO.equals(e.namespace()))) {
      throw SignallingException.badRequest("not a mute payload: " + e.name());
    }
    String text = e.text() == null ? "" : e.text().strip();
    if (!text.equals("true") && !text.equals("false")) {
      throw SignallingException.badRequest("a mute's text is true or false, not '" + text + "'");
    }
    return new Mute(video, e.attr("jid"), e.attr("actor"), text.equals("true"));
  }

  public Element toElement() {
    return new Element(ELEMENT, namespace(video))
        .attr("jid", jid)
        .attr("actor", actor)
        .text(Boolean.toString(mute));
  }
}
