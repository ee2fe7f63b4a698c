/** Settings primitives shared by every role: units, booleans, lists and the environment. */
package org.huddle.common.config;
