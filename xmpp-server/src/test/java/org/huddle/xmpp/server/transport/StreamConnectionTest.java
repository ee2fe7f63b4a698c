package org.huddle.xmpp.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.xmpp.server.transport.RecordingConnection.HEADER;
import static org.huddle.xmpp.server.transport.RecordingConnection.send;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.ParseBudget;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One XML stream over a connection ({@link StreamConnection}) on Netty's in-memory channel: bytes
 * in whatever pieces the network delivers become elements for the session, and the session's output
 * and errors are framed as RFC 6120 §4 says. No socket, no server.
 */
class StreamConnectionTest {
  /** 2 KiB stanzas (the smallest the parser allows is 1 KiB), otherwise the defaults. */
  static final ParserLimits SMALL_STANZAS =
      new ParserLimits(2048, 32, 64, 4096, 4096, ParseBudget.Limits.DEFAULT);

  final RecordingConnection c = new RecordingConnection(SMALL_STANZAS);
  final EmbeddedChannel ch = c.channel();

  @Nested
  class Opening {
    @Test
    void theHeaderIsAnsweredWithTheServersOwn() {
      send(ch, HEADER);
      assertThat(c.headers)
          .singleElement()
          .satisfies(h -> assertThat(h.attr("to")).isEqualTo("meet.jitsi"));
      assertThat(c.written(ch))
          .startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:client'")
          .contains("xmlns:stream='http://etherx.jabber.org/streams'")
          .contains("id='s1'")
          .contains("from='meet.jitsi'")
          .contains("version='1.0'");
    }

    @Test
    void aHeaderSplitAcrossReadsOpensOnce() {
      for (int i = 0; i < HEADER.length(); i += 7) {
        send(ch, HEADER.substring(i, Math.min(HEADER.length(), i + 7)));
      }
      assertThat(c.headers).hasSize(1);
    }

    @Test
    void aRootThatIsNotAStreamIsInvalidNamespace() {
      send(ch, "<?xml version='1.0'?><stream xmlns='jabber:client'>");
      assertThat(c.written(ch))
          .contains("<invalid-namespace xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .endsWith("</stream:stream>");
      assertThat(ch.isOpen()).isFalse();
      assertThat(c.headers).isEmpty();
    }

    @Test
    void aStreamInAnotherContentNamespaceIsInvalidNamespace() {
      send(ch, HEADER.replace("xmlns='jabber:client'", "xmlns='jabber:server'"));
      assertThat(c.written(ch)).contains("<invalid-namespace");
      assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anErrorBeforeTheHeaderOpensTheStreamFirst() {
      send(ch, "<?xml version='1.0'?><stream xmlns='jabber:client'>");
      assertThat(c.written(ch))
          .startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:client'")
          .contains("<stream:error>");
    }
  }

  @Nested
  class Stanzas {
    @Test
    void aStanzaSplitAcrossReadsArrivesWhole() {
      send(ch, HEADER);
      for (String piece :
          new String[] {"<mess", "age to='a@b'><bo", "dy>hi</body></mess", "age>"}) {
        assertThat(c.received).as("before the last piece").isEmpty();
        send(ch, piece);
      }
      assertThat(c.received)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.is("message", Namespaces.CLIENT)).isTrue();
                assertThat(m.attr("to")).isEqualTo("a@b");
                assertThat(m.childText("body", Namespaces.CLIENT)).isEqualTo("hi");
              });
    }

    @Test
    void aMultiByteCharacterSplitAcrossReadsArrivesWhole() {
      send(ch, HEADER);
      byte[] body =
          "<message><body>👋</body></message>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int mid = "<message><body>".length() + 2; // inside the emoji's four bytes
      ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(body, 0, mid));
      ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(body, mid, body.length - mid));
      assertThat(c.received)
          .singleElement()
          .satisfies(m -> assertThat(m.childText("body", Namespaces.CLIENT)).isEqualTo("👋"));
    }

    @Test
    void severalStanzasInOneReadArriveInOrder() {
      send(ch, HEADER + "<presence/><message id='1'/><iq id='2' type='get'/>");
      assertThat(c.received).extracting(Element::name).containsExactly("presence", "message", "iq");
    }

    @Test
    void whatTheSessionSendsIsFramedInTheStreamsNamespace() {
      send(ch, HEADER);
      c.written(ch);
      c.send(Element.of("message", Namespaces.CLIENT).attr("to", "a@b"));
      assertThat(c.written(ch)).endsWith("<message to='a@b'/>");
    }
  }

  @Nested
  class Errors {
    @Test
    void badXmlIsAStreamErrorThatClosesTheConnection() {
      send(ch, HEADER + "<message><body></message>");
      assertThat(c.written(ch))
          .contains("<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .endsWith("</stream:stream>");
      assertThat(ch.isOpen()).isFalse();
      assertThat(c.disconnects).containsExactly("connection closed");
    }

    @Test
    void aStanzaOverTheSizeLimitIsPolicyViolation() {
      send(ch, HEADER + "<message><body>");
      send(ch, "x".repeat(3000));
      assertThat(c.written(ch))
          .contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .contains("stanza larger than 2048 bytes");
      assertThat(ch.isOpen()).isFalse();
      assertThat(c.received).isEmpty();
    }

    @Test
    void aStanzaJustUnderTheLimitIsRead() {
      send(ch, HEADER + "<message><body>" + "x".repeat(1900) + "</body></message>");
      assertThat(c.received).hasSize(1);
      assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aDoctypeIsRefused() {
      send(ch, "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>" + HEADER.substring(21));
      assertThat(c.written(ch)).contains("<stream:error>");
      assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void nothingAfterTheErrorInTheSameReadIsRead() {
      send(ch, HEADER + "<presence/><message><body></message><presence/>");
      assertThat(c.received).extracting(Element::name).containsExactly("presence");
    }

    @Test
    void aSessionsStreamErrorIsWrittenWithItsText() {
      send(ch, HEADER);
      c.fail(new StreamError(StreamError.Condition.CONFLICT, "replaced"));
      assertThat(c.written(ch))
          .contains("<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .contains(">replaced</text>")
          .endsWith("</stream:stream>");
      assertThat(ch.isOpen()).isFalse();
    }
  }

  @Nested
  class Closing {
    @Test
    void thePeersCloseIsAnsweredInKindAndTheConnectionCloses() {
      send(ch, HEADER + "<presence/></stream:stream>");
      assertThat(c.closedByPeer).isEqualTo(1);
      assertThat(c.written(ch)).endsWith("</stream:stream>");
      assertThat(ch.isOpen()).isFalse();
      assertThat(c.disconnects).containsExactly("connection closed");
    }

    @Test
    void aConnectionLostBeforeTheHeaderSaysSo() {
      ch.close();
      assertThat(c.disconnects).containsExactly("connection closed before the stream opened");
    }

    @Test
    void nothingIsSentAfterTheStreamCloses() {
      send(ch, HEADER);
      c.closeStream();
      String closed = c.written(ch);
      c.send(Element.of("message", Namespaces.CLIENT));
      assertThat(c.written(ch)).isEqualTo(closed);
    }

    @Test
    void anIdleConnectionGetsAWhitespaceKeepalive() {
      send(ch, HEADER);
      String before = c.written(ch);
      ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
      assertThat(c.idle).isEqualTo(1);
      assertThat(c.written(ch)).isEqualTo(before + " ");
    }
  }
}
