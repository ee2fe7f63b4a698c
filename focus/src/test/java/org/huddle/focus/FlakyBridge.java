package org.huddle.focus;

import java.net.InetAddress;
import java.util.Map;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.Colibri2Error;
import org.huddle.signalling.smack.ElementExtension;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.StanzaReader;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A bridge whose health the test controls: a real bridge's media and Colibri2 (in process), behind
 * a brewery occupant of the test's own that answers health checks as told (result, error, or not at
 * all).
 */
final class FlakyBridge implements AutoCloseable {
  final Videobridge media;
  final XMPPTCPConnection xmpp;

  /** Answer health checks with an error. */
  volatile boolean unhealthy;

  /** Leave health checks unanswered (as a hung bridge); {@link #unanswered} counts them. */
  volatile boolean silent;

  final java.util.concurrent.atomic.AtomicInteger unanswered =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Changes each Colibri2 answer before it goes back, as a newer bridge might write it. */
  volatile java.util.function.UnaryOperator<Element> answerEdit =
      java.util.function.UnaryOperator.identity();

  /** Every conference-modify it was sent, in order. */
  final java.util.List<Element> requests =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  FlakyBridge(Deployment d, String nick) throws Exception {
    // The bridge's XMPP class registers the parsers that read conference-modify faithfully (Smack's
    // unparsed IQs lose nested namespaces).
    Class.forName("org.huddle.videobridge.xmpp.XmppControl");
    media = TestBridges.start("");
    xmpp =
        new XMPPTCPConnection(
            XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("auth.meet.jitsi")
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(d.c2sPort())
                .setUsernameAndPassword("jvb", d.jvbPassword())
                .setResource(nick)
                .setSecurityMode(SecurityMode.disabled)
                .setSendPresence(false)
                .build());
    xmpp.registerIQRequestHandler(
        new AbstractIqRequestHandler(
            "conference-modify", "jitsi:colibri2", IQ.Type.set, IQRequestHandler.Mode.async) {
          @Override
          public IQ handleIQRequest(IQ request) {
            return colibri2(request);
          }
        });
    xmpp.registerIQRequestHandler(
        new AbstractIqRequestHandler(
            "healthcheck",
            "http://jitsi.org/protocol/healthcheck",
            IQ.Type.get,
            IQRequestHandler.Mode.async) {
          @Override
          public IQ handleIQRequest(IQ request) {
            if (silent) {
              unanswered.incrementAndGet();
              return null; // Smack sends nothing
            }
            return unhealthy
                ? IQ.createErrorResponse(
                    request,
                    StanzaError.getBuilder(StanzaError.Condition.internal_server_error).build())
                : IQ.createResultIQ(request);
          }
        });
    xmpp.connect().login();
    Element p = Xml.stanza("presence", Map.of());
    Element stats = new Element("stats", "http://jitsi.org/protocol/colibri");
    stats.addChild("stat", stats.namespace()).attr("name", "stress_level").attr("value", "0.0");
    stats.addChild("stat", stats.namespace()).attr("name", "healthy").attr("value", "true");
    xmpp.sendStanza(
        xmpp.getStanzaFactory()
            .buildPresenceStanza()
            .to(JidCreate.from("jvbbrewery@internal-muc.meet.jitsi/" + nick))
            .addExtension(new ElementExtension(new Element("x", "http://jabber.org/protocol/muc")))
            .addExtension(new ElementExtension(stats))
            .build());
    p.attr("to", null);
  }

  /** Reads this fake bridge's requests, as the bridge's own connection does. */
  private final StanzaReader reader = new StanzaReader();

  private IQ colibri2(IQ request) {
    Element payload = reader.payload(request);
    requests.add(payload);
    try {
      ElementIq result = new ElementIq(answerEdit.apply(media.colibri2().handle(payload)));
      result.setType(IQ.Type.result);
      result.setStanzaId(request.getStanzaId());
      result.setTo(request.getFrom());
      return result;
    } catch (SignallingException e) {
      org.slf4j.LoggerFactory.getLogger(FlakyBridge.class)
          .warn("colibri2 refused: {} in {}", e.getMessage(), Xml.write(payload));
      StanzaError.Builder b =
          StanzaError.getBuilder(StanzaError.Condition.fromString(e.condition()));
      for (Element x : Colibri2Error.extensionsOf(e)) {
        b.addExtension(new ElementExtension(x));
      }
      return IQ.createErrorResponse(request, b.build());
    }
  }

  @Override
  public void close() {
    xmpp.disconnect();
    media.close();
  }
}
