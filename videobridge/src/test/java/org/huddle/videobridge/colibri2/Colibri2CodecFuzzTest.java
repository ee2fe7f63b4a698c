package org.huddle.videobridge.colibri2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.Xml;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.xmpp.codec.Element;

/**
 * Coverage-guided fuzzing of the bridge's Colibri2 request reading (docs/fuzzing.md): each {@code
 * endpoint} of a {@code conference-modify} read as the handler reads it (the shared signalling
 * module's {@link Endpoint}, then the bridge's media, sources and remote ICE transport), before
 * anything changes. A malformed request must end in a {@code bad-request} that the focus gets back
 * as an IQ error, never in an unchecked exception.
 *
 * <p>The input is the request's XML, read with the codec's parser and limits ({@link Xml#parse}).
 */
class Colibri2CodecFuzzTest {
  @FuzzTest
  void anEndpointIsReadOrRefusedAsABadRequest(byte[] xml) {
    Element request;
    try {
      request = Xml.parse(new String(xml, UTF_8));
    } catch (IllegalArgumentException notXml) {
      return;
    }
    for (Element endpoint : request.elements("endpoint", WireNamespaces.COLIBRI2)) {
      try {
        readAsTheHandlerDoes(Endpoint.parse(endpoint));
      } catch (SignallingException e) {
        assertThat(e.condition()).isEqualTo("bad-request");
        assertThat(e.type()).isNotBlank();
      }
    }
  }

  private static void readAsTheHandlerDoes(Endpoint endpoint) throws SignallingException {
    MediaFormats formats = Colibri2Codec.media(endpoint.media());
    if (formats != null) {
      for (int pt = 0; pt < 128; pt++) {
        formats.kindOf(pt);
      }
    }
    if (endpoint.sources() != null) {
      for (MediaSourceDesc s : Colibri2Codec.sources(endpoint.sources(), "e1")) {
        assertThat(s.layers()).isNotEmpty().allMatch(ssrc -> ssrc >= 0 && ssrc <= 0xffff_ffffL);
        assertThat(s.primarySsrc()).isEqualTo(s.layers().get(0));
      }
    }
    if (endpoint.transport() != null && endpoint.transport().ice() != null) {
      var ice = endpoint.transport().ice();
      Colibri2Codec.RemoteTransport remote = Colibri2Codec.transport(ice);
      assertThat(remote.candidates()).hasSameSizeAs(ice.candidates());
    }
  }
}
