package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * One participant's endpoint on a bridge, {@code <endpoint id= create= expire= stats-id=
 * muc-role=>}: in a request, what to create, change or expire; in an answer, the bridge's transport
 * for a created endpoint. Children are written in Jicofo's order. See
 * docs/wire.md#colibri2-endpoint.
 *
 * @param statsId the name the endpoint has in statistics, or null
 * @param mucRole the participant's room role; a {@code visitor} may not send
 * @param transport the transport, or null
 * @param sources all the endpoint sends, or null to leave them as they are
 * @param forceMute the moderator's mute, or null
 * @param initialLastN the first last-n, or null
 */
public record Endpoint(
    String id,
    boolean create,
    boolean expire,
    String statsId,
    String mucRole,
    List<Media> media,
    Transport transport,
    Sources sources,
    ForceMute forceMute,
    InitialLastN initialLastN,
    List<Capability> capabilities) {
  public static final String ELEMENT = "endpoint";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public Endpoint {
    media = List.copyOf(media);
    capabilities = List.copyOf(capabilities);
  }

  /** Only the id: an update that changes nothing yet, or an error's unknown endpoint. */
  public static Endpoint named(String id) {
    return builder(id).build();
  }

  /** An expiry of the endpoint, or the bridge's confirmation of one. */
  public static Endpoint expired(String id) {
    return builder(id).expire().build();
  }

  /** A builder of an endpoint with this id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Reads one, with everything it holds; a malformed child is a {@code bad-request}. */
  public static Endpoint parse(Element e) throws SignallingException {
    // In the order the bridge always checked them, so the same error wins.
    List<Media> media = new ArrayList<>();
    for (Element m : e.elements(Media.ELEMENT, Media.NAMESPACE)) {
      media.add(Media.parse(m));
    }
    Element s = e.child(Sources.ELEMENT, Sources.NAMESPACE);
    Sources sources = s == null ? null : Sources.parse(s);
    Element t = e.child(Transport.ELEMENT, Transport.NAMESPACE);
    Transport transport = t == null ? null : Transport.parse(t);
    Element lastN = e.child(InitialLastN.ELEMENT, InitialLastN.NAMESPACE);
    InitialLastN initialLastN = lastN == null ? null : InitialLastN.parse(lastN);
    Element fm = e.child(ForceMute.ELEMENT, ForceMute.NAMESPACE);
    List<Capability> capabilities = new ArrayList<>();
    for (Element c : e.elements(Capability.ELEMENT, Capability.NAMESPACE)) {
      capabilities.add(Capability.parse(c));
    }
    return new Endpoint(
        e.attr("id"),
        Attributes.flag(e, "create"),
        Attributes.flag(e, "expire"),
        e.attr("stats-id"),
        e.attr("muc-role"),
        media,
        transport,
        sources,
        fm == null ? null : ForceMute.parse(fm),
        initialLastN,
        capabilities);
  }

  public Element toElement() {
    Element e =
        new Element(ELEMENT, NAMESPACE)
            .attr("id", id)
            .attr("create", create ? "true" : null)
            .attr("expire", expire ? "true" : null)
            .attr("stats-id", statsId)
            .attr("muc-role", mucRole);
    media.forEach(m -> e.add(m.toElement()));
    if (transport != null) {
      e.add(transport.toElement());
    }
    if (sources != null) {
      e.add(sources.toElement());
    }
    if (forceMute != null) {
      e.add(forceMute.toElement());
    }
    if (initialLastN != null) {
      e.add(initialLastN.toElement());
    }
    capabilities.forEach(c -> e.add(c.toElement()));
    return e;
  }

  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  /** Builds an endpoint a piece at a time, in any order; it is written in Jicofo's. */
  public static final class Builder {
    private final String id;
    private boolean create;
    private boolean expire;
    private String statsId;
    private String mucRole;
    private List<Media> media = List.of();
    private Transport transport;
    private Sources sources;
    private ForceMute forceMute;
    private InitialLastN initialLastN;
    private final List<Capability> capabilities = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    public Builder create() {
      create = true;
      return this;
    }

    public Builder expire() {
      expire = true;
      return this;
    }

    public Builder statsId(String s) {
      statsId = s;
      return this;
    }

    public Builder mucRole(String role) {
      mucRole = role;
      return this;
    }

    public Builder media(List<Media> m) {
      media = m;
      return this;
    }

    public Builder transport(Transport t) {
      transport = t;
      return this;
    }

    public Builder sources(Sources s) {
      sources = s;
      return this;
    }

    public Builder forceMute(ForceMute f) {
      forceMute = f;
      return this;
    }

    public Builder initialLastN(InitialLastN n) {
      initialLastN = n;
      return this;
    }

    public Builder capability(Capability c) {
      capabilities.add(c);
      return this;
    }

    public Endpoint build() {
      return new Endpoint(
          id,
          create,
          expire,
          statsId,
          mucRole,
          media,
          transport,
          sources,
          forceMute,
          initialLastN,
          capabilities);
    }
  }
}
