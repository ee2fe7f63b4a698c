package org.huddle.signalling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;

class XmlTest {
  @Test
  void parsesNamespacesAttributesAndTextAndWritesThemBack() {
    Element e = Xml.parse("<a xmlns='x' k='v&amp;w'><b xmlns='y'>text</b><c/></a>");
    assertThat(e.namespace()).isEqualTo("x");
    assertThat(e.attr("k")).isEqualTo("v&w");
    assertThat(e.child("b", "y").text()).isEqualTo("text");
    assertThat(e.child("c", "x")).isNotNull();
    assertThat(e.toXml()).isEqualTo("<a xmlns='x' k='v&amp;w'><b xmlns='y'>text</b><c/></a>");
  }

  @Test
  void refusesDoctypesAndMalformedInput() {
    assertThatThrownBy(() -> Xml.parse("<a><b></a>")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Xml.parse("<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesDeepNesting() {
    String deep = "<a>".repeat(100) + "</a>".repeat(100);
    assertThatThrownBy(() -> Xml.parse(deep)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMoreThanOneElement() {
    assertThatThrownBy(() -> Xml.parse("<a/><b/>")).isInstanceOf(IllegalArgumentException.class);
  }
}
