package dev.readygate.protocol.mysql;

import java.util.Arrays;

/**
 * The server's HandshakeV10 greeting: {@code 0x0a}, the server version (NUL-terminated; MariaDB
 * prefixes {@code 5.5.5-}), {@code int<4>} connection id, 8 scramble bytes, a filler,
 * {@code int<2>} capabilities (low), {@code int<1>} charset, {@code int<2>} status,
 * {@code int<2>} capabilities (high), {@code int<1>} auth-data length, 10 reserved bytes,
 * {@code max(13, len - 8)} more scramble bytes, and the auth plugin's name.
 */
record Greeting(int protocolVersion, String rawVersion, long connectionId, long capabilities, byte[] scramble, String authPlugin) {
    static final long CLIENT_LONG_PASSWORD = 0x1;
    static final long CLIENT_CONNECT_WITH_DB = 0x8;
    static final long CLIENT_PROTOCOL_41 = 0x200;
    static final long CLIENT_SSL = 0x800;
    static final long CLIENT_TRANSACTIONS = 0x2000;
    static final long CLIENT_SECURE_CONNECTION = 0x8000;
    static final long CLIENT_PLUGIN_AUTH = 0x80000;
    static final long CLIENT_PLUGIN_AUTH_LENENC_DATA = 0x200000;

    private static final String MARIADB_PREFIX = "5.5.5-";

    /** Parses a greeting payload (its first byte is 0x0a). */
    static Greeting parse(byte[] payload) throws Cursor.Truncated {
        Cursor c = new Cursor(payload, 0);
        int pv = c.u8("protocol version");
        String version = c.cstring("server version", false);
        long id = c.u32("connection id");
        byte[] part1 = c.bytes(8, "scramble");
        c.skip(1, "filler");
        long caps = c.u16("capabilities");
        byte[] part2 = new byte[0];
        String plugin = null;
        if (c.remaining() > 0) {
            c.u8("charset");
            c.u16("status");
            caps |= (long) c.u16("capabilities (high)") << 16;
            int authLen = c.u8("auth data length");
            c.skip(10, "reserved");
            if ((caps & CLIENT_SECURE_CONNECTION) != 0) {
                int n = Math.max(13, authLen - 8);
                part2 = c.bytes(Math.min(n, c.remaining()), "scramble (part 2)");
                if (part2.length > 0 && part2[part2.length - 1] == 0) part2 = Arrays.copyOf(part2, part2.length - 1);
            }
            if ((caps & CLIENT_PLUGIN_AUTH) != 0 && c.remaining() > 0) plugin = c.cstring("auth plugin", true);
        }
        byte[] scramble = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, scramble, 0, part1.length);
        System.arraycopy(part2, 0, scramble, part1.length, part2.length);
        return new Greeting(pv, version, id, caps, scramble, plugin);
    }

    boolean mariadb() {
        return rawVersion.startsWith(MARIADB_PREFIX) || rawVersion.contains("MariaDB");
    }

    /** The version without MariaDB's {@code 5.5.5-} prefix, e.g. {@code 10.11.19-MariaDB-0+deb12u1}. */
    String version() {
        return rawVersion.startsWith(MARIADB_PREFIX) ? rawVersion.substring(MARIADB_PREFIX.length()) : rawVersion;
    }

    /** "MariaDB" or "MySQL" (MySQL-compatible servers other than MariaDB say MySQL). */
    String flavour() {
        return mariadb() ? "MariaDB" : "MySQL";
    }

    boolean offersTls() {
        return (capabilities & CLIENT_SSL) != 0;
    }

    boolean has(long flag) {
        return (capabilities & flag) != 0;
    }

    @Override
    public String toString() {
        return "Greeting[" + flavour() + " " + version() + ", plugin=" + authPlugin + "]";
    }
}
