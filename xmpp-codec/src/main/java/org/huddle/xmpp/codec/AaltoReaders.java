package org.huddle.xmpp.codec;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Aalto's non-blocking readers, from one factory configured for XMPP (no DTDs, no external
 * entities, entity references reported rather than resolved).
 *
 * <p>Closing an Aalto reader merges the names it met into its factory's symbol table, which every
 * later reader starts from, with no bound on its size: one client inventing names would slow every
 * stream after it and keep the memory for good. So readers from here are never closed, only
 * dropped; the table is given, once, the names XMPP and Jitsi use, so that each stream does not
 * have to add them again.
 */
final class AaltoReaders {
  private static final AsyncXMLInputFactory FACTORY = newFactory();

  private AaltoReaders() {}

  /** A new reader; drop it when done, never close it. */
  static AsyncXMLStreamReader<AsyncByteArrayFeeder> create() {
    return FACTORY.createAsyncForByteArray();
  }

  private static AsyncXMLInputFactory newFactory() {
    AsyncXMLInputFactory f = new InputFactoryImpl();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // Report entity references instead of resolving them, so that any beyond the predefined five is
    // refused.
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    prime(f);
    return f;
  }

  /** The one reader ever closed: it teaches the factory's table the common names. */
  private static void prime(AsyncXMLInputFactory f) {
    AsyncXMLStreamReader<AsyncByteArrayFeeder> r = f.createAsyncForByteArray();
    byte[] doc = PRIMER.getBytes(StandardCharsets.UTF_8);
    try {
      r.getInputFeeder().feedInput(doc, 0, doc.length);
      int event;
      do {
        event = r.next();
      } while (event != XMLStreamConstants.END_DOCUMENT
          && event != AsyncXMLStreamReader.EVENT_INCOMPLETE);
      r.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the symbol table primer must parse", e);
    }
  }

  private static final String PRIMER =
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
          + " to='' from='' id='' version='' xml:lang=''><stream:features/><stream:error/>"
          + "<message to='' from='' id='' type=''><body/><subject/><thread/><x/><nick/>"
          + "<active/><request/><received/></message>"
          + "<presence to='' from='' id='' type=''><show/><status code=''/><priority/>"
          + "<c hash='' node='' ver=''/><x><item jid='' role='' affiliation='' nick=''/>"
          + "<password/><history maxstanzas=''/></x><stats-id/><region id=''/><SourceInfo/>"
          + "<audiomuted/><videomuted/><features><feature var=''/></features>"
          + "<identity category='' name=''/><occupant-id id=''/></presence>"
          + "<iq to='' from='' id='' type=''><query node=''/><ping/><bind><resource/><jid/></bind>"
          + "<session/><error by='' code='' type=''><text/></error>"
          + "<jingle action='' sid='' initiator='' responder=''><content name='' creator=''"
          + " senders=''><description media='' ssrc=''><payload-type id='' name=''"
          + " clockrate='' channels=''><parameter name='' value=''/><rtcp-fb type=''"
          + " subtype=''/></payload-type><rtp-hdrext uri=''/><source ssrc=''><ssrc-info"
          + " owner=''/></source><ssrc-group semantics=''/></description><transport ufrag=''"
          + " pwd=''><fingerprint setup='' hash=''/><candidate foundation='' component=''"
          + " generation='' ip='' port='' priority='' protocol=''/></transport></content>"
          + "<group semantics=''/></jingle><conference room='' machine-uid=''>"
          + "<property/></conference></iq>"
          + "<auth mechanism=''/><success/><failure/><challenge/><response/><starttls/>"
          + "<proceed/><mechanisms><mechanism/></mechanisms><enable resume=''/><enabled/>"
          + "<resume h='' previd=''/><resumed/><r/><a h=''/></stream:stream>";
}
