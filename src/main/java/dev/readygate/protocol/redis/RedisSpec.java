package dev.readygate.protocol.redis;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.settings.Parsers;

import java.util.regex.Pattern;

/**
 * What a redis:// or rediss:// probe needs.
 *
 * @param credentials   the user and password (none: the probe sends no AUTH)
 * @param db            the database to SELECT, or -1 when the URL names none
 * @param tls           the TLS options for rediss:// (TLS from the first byte), or null for redis://
 * @param requireAuthOk a server that asks for a password the target did not give is not ready (AUTH_FAILED)
 * @param key           a key that must exist (and whose string value must match), or null
 */
public record RedisSpec(Credentials credentials, int db, TlsOptions tls, boolean requireAuthOk, KeyExpect key) implements ProtocolSpec {

    /** --redis-key KEY[=REGEX]: the key must exist; with a regex its string value must match (anywhere, Java syntax). */
    public record KeyExpect(String name, Pattern valueRegex) {
        public static KeyExpect parse(String text) {
            int eq = text.indexOf('=');
            String name = eq < 0 ? text : text.substring(0, eq);
            if (name.isEmpty()) throw new IllegalArgumentException("'" + text + "' names no key; write KEY or KEY=REGEX");
            return new KeyExpect(name, eq < 0 ? null : Parsers.regex(text.substring(eq + 1)));
        }

        @Override
        public String toString() {
            return valueRegex == null ? name : name + "=" + valueRegex.pattern();
        }
    }
}
