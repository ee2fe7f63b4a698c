package org.huddle.web;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.huddle.common.testing.ModuleRules.partOf;

import org.huddle.common.testing.ModuleConventions;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The web role's packages depend downwards only: what the role is given ({@link WebConfig} and the
 * {@link SelfCheck} the launcher provides, both in the root package) and its metrics ← the proxy
 * and the site ← the server that wires them. The proxy and the site know nothing of each other.
 */
class LayeringTest implements ModuleConventions {
  static final String ROOT = "org.huddle.web";

  @Override
  public String root() {
    return ROOT;
  }

  @Test
  void packagesDependDownwardsOnly() {
    ModuleRules.layers()
        .layer("given")
        .definedBy(
            partOf(WebConfig.class, FrameAncestors.class, SelfCheck.class, FileShareConfig.class))
        .layer("metrics")
        .definedBy(ROOT + ".metrics..")
        .layer("proxy")
        .definedBy(ROOT + ".proxy..")
        .layer("site")
        .definedBy(ROOT + ".site..")
        .layer("files")
        .definedBy(ROOT + ".files..")
        .layer("role")
        .definedBy(
            resideInAPackage(ROOT)
                .and(
                    not(
                        partOf(
                            WebConfig.class,
                            FrameAncestors.class,
                            SelfCheck.class,
                            FileShareConfig.class))))
        .whereLayer("given")
        .mayNotAccessAnyLayer()
        .whereLayer("metrics")
        .mayNotAccessAnyLayer()
        .whereLayer("proxy")
        .mayOnlyAccessLayers("given", "metrics")
        .whereLayer("site")
        .mayOnlyAccessLayers("given", "metrics")
        .whereLayer("files")
        .mayOnlyAccessLayers("given", "metrics")
        .whereLayer("role")
        .mayNotBeAccessedByAnyLayer()
        .check(classes());
  }
}
