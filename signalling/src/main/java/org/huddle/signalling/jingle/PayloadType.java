package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * One codec of an RTP description, {@code <payload-type id= name= clockrate= channels=>} with its
 * {@link Parameter parameters} and {@link RtcpFb feedback} (XEP-0167 §4,
 * https://xmpp.org/extensions/xep-0167.html#format). See docs/wire.md#payload-types.
 *
 * @param id the RTP payload type, 0–127
 * @param name the codec name, e.g. {@code opus}, {@code VP8}, {@code rtx}; may be null
 * @param clockrate the clock rate in Hz, or null
 * @param channels the channel count, or null (meaning 1)
 */
public record PayloadType(
    int id,
    String name,
    Integer clockrate,
    Integer channels,
    List<Parameter> parameters,
    List<RtcpFb> feedback) {
  public static final String ELEMENT = "payload-type";
  public static final String NAMESPACE = WireNamespaces.RTP;

  public PayloadType {
    parameters = List.copyOf(parameters);
    feedback = List.copyOf(feedback);
  }

  /** A payload type with no parameters or feedback yet. */
  public static PayloadType of(int id, String name, int clockrate) {
    return new PayloadType(id, name, clockrate, null, List.of(), List.of());
  }

  public PayloadType withChannels(int n) {
    return new PayloadType(id, name, clockrate, n, parameters, feedback);
  }

  public PayloadType with(Parameter p) {
    List<Parameter> all = new ArrayList<>(parameters);
    all.add(p);
    return new PayloadType(id, name, clockrate, channels, all, feedback);
  }

  public PayloadType with(RtcpFb fb) {
    List<RtcpFb> all = new ArrayList<>(feedback);
    all.add(fb);
    return new PayloadType(id, name, clockrate, channels, parameters, all);
  }

  /** Reads one; the id must be 0–127 and the numbers must be numbers, else {@code bad-request}. */
  public static PayloadType parse(Element e) throws SignallingException {
    int id = Attributes.integer(e, "id", -1);
    if (id < 0 || id > 127) {
      throw SignallingException.badRequest("payload-type id out of range: " + e.attr("id"));
    }
    // XEP-0167 §5 requires a parameter's value, and XEP-0293 §4 an rtcp-fb's type: without them
    // the payload type is bad, not a null in the formats (found by the bridge's Colibri2 fuzzing).
    List<Parameter> params = new ArrayList<>();
    for (Element p : e.elements(Parameter.ELEMENT, null)) {
      Parameter parameter = Parameter.parse(p);
      if (parameter.value() == null) {
        throw SignallingException.badRequest("parameter " + parameter.name() + " has no value");
      }
      params.add(parameter);
    }
    List<RtcpFb> fb = new ArrayList<>();
    for (Element f : e.elements(RtcpFb.ELEMENT, RtcpFb.NAMESPACE)) {
      RtcpFb feedback = RtcpFb.parse(f);
      if (feedback.type() == null) {
        throw SignallingException.badRequest("rtcp-fb without a type");
      }
      fb.add(feedback);
    }
    return new PayloadType(
        id,
        e.attr("name"),
        Attributes.optionalInteger(e, "clockrate"),
        Attributes.optionalInteger(e, "channels"),
        params,
        fb);
  }

  public Element toElement() {
    Element e =
        new Element(ELEMENT, NAMESPACE)
            .attr("id", id)
            .attr("name", name)
            .attr("clockrate", clockrate)
            .attr("channels", channels);
    parameters.forEach(p -> e.add(p.toElement(NAMESPACE)));
    feedback.forEach(f -> e.add(f.toElement()));
    return e;
  }

  /** Whether this is a retransmission format (RFC 4588). */
  public boolean isRtx() {
    return "rtx".equalsIgnoreCase(name);
  }

  /** The value of the named parameter, or null. */
  public String parameter(String parameterName) {
    for (Parameter p : parameters) {
      if (parameterName.equals(p.name())) {
        return p.value();
      }
    }
    return null;
  }
}
