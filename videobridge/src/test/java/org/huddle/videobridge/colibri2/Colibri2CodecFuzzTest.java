package org.huddle.videobridge.colibri2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;

/**
 * Coverage-guided fuzzing of the bridge's Colibri2 request reading (docs/fuzzing.md): each {@code
 * endpoint} of a {@code conference-modify} read as the handler reads it, media, sources and the
 * remote ICE transport, before anything changes. A malformed request must end in a Colibri2 error
 * that the focus gets back as an IQ error, never in an unchecked exception.
 *
 * <p>The input is the request's XML; the test reads it with {@link XmlElement#parse}. When the
 * shared signalling module replaces this package's XML tree and codec, this target moves there.
 */
class Colibri2CodecFuzzTest {
  @FuzzTest
  void anEndpointIsReadOrRefusedAsABadRequest(byte[] xml) {
    XmlElement request;
    try {
      request = XmlElement.parse(new String(xml, UTF_8));
    } catch (IllegalArgumentException notXml) {
      return;
    }
    assertThat(XmlElement.parse(request.toXml()).toXml())
        .as("the tree written out reads back the same")
        .isEqualTo(request.toXml());
    for (XmlElement endpoint : request.children("endpoint", Colibri2.NS)) {
      try {
        readAsTheHandlerDoes(endpoint);
      } catch (Colibri2Exception e) {
        assertThat(e.condition()).isEqualTo("bad-request");
        assertThat(e.type()).isNotBlank();
      }
    }
  }

  private static void readAsTheHandlerDoes(XmlElement endpoint) throws Colibri2Exception {
    MediaFormats formats = Colibri2Codec.media(endpoint.children("media", Colibri2.NS));
    if (formats != null) {
      for (int pt = 0; pt < 128; pt++) {
        formats.kindOf(pt);
      }
    }
    var sources = endpoint.child("sources", Colibri2.NS);
    if (sources.isPresent()) {
      for (MediaSourceDesc s : Colibri2Codec.sources(sources.get(), "e1")) {
        assertThat(s.layers()).isNotEmpty().allMatch(ssrc -> ssrc >= 0 && ssrc <= 0xffff_ffffL);
        assertThat(s.primarySsrc()).isEqualTo(s.layers().get(0));
      }
    }
    var transport = endpoint.child("transport", Colibri2.NS);
    if (transport.isPresent()) {
      var ice = transport.get().child("transport", Colibri2.NS_ICE_UDP);
      if (ice.isPresent()) {
        Colibri2Codec.RemoteTransport remote = Colibri2Codec.transport(ice.get());
        assertThat(remote.candidates()).hasSameSizeAs(ice.get().children("candidate"));
      }
    }
  }
}
