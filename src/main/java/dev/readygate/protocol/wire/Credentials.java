package dev.readygate.protocol.wire;

import dev.readygate.base.Percent;
import dev.readygate.model.Target;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Parsers;
import dev.readygate.settings.SettingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user and password of a database or cache target: the user from the URL, the password from
 * the URL, {@code --password-file} or {@code --password-env} (one of them). Read when the plan is
 * made, so a missing file or variable is a configuration error before waiting starts. The
 * password never reaches a message, a report or {@link #toString()}.
 */
public final class Credentials {
    /** Passwords and files longer than this are no password. */
    private static final int MAX_PASSWORD_BYTES = 4096;

    public static final Key<Path> PASSWORD_FILE = Key.scalar("password-file", Parsers::path).label("FILE").path()
            .help("read the password from FILE (its first line; for Docker and Kubernetes secrets); never printed").build();
    public static final Key<String> PASSWORD_ENV = Key.scalar("password-env", Credentials::variableName).label("NAME")
            .help("read the password from the environment variable NAME; never printed").build();
    /** The settings every protocol with credentials lists. */
    public static final List<Key<?>> KEYS = List.of(PASSWORD_FILE, PASSWORD_ENV);

    /**
     * The settings of a database or cache protocol: its own, then the credential keys, then the
     * shared TLS keys ({@link dev.readygate.protocol.TlsSettings}), in the order --help lists them.
     */
    public static List<Key<?>> withTls(Key<?>... own) {
        List<Key<?>> all = new java.util.ArrayList<>(List.of(own));
        all.addAll(KEYS);
        all.addAll(dev.readygate.protocol.TlsSettings.KEYS);
        return List.copyOf(all);
    }

    public static final Credentials NONE = new Credentials(null, null, null);

    private final String user;
    private final String password;
    private final String passwordSource;

    private Credentials(String user, String password, String passwordSource) {
        this.user = user;
        this.password = password;
        this.passwordSource = passwordSource;
    }

    /** For tests and sources that hold credentials already. */
    public static Credentials of(String user, String password) {
        return new Credentials(user, password, password == null ? null : "the URL");
    }

    /**
     * The target's credentials.
     *
     * @throws SettingException when the password is given twice, or its file or variable cannot be read
     */
    public static Credentials read(Target target, Layers.View s) {
        String raw = target.uri().getRawUserInfo();
        String authority = target.uri().getRawAuthority();
        // a URI with several hosts (a MongoDB seed list) has a registry-based authority: java.net.URI splits no user from it
        if (raw == null && authority != null && authority.lastIndexOf('@') > 0) raw = authority.substring(0, authority.lastIndexOf('@'));
        String user = null;
        String urlPassword = null;
        if (raw != null) {
            int colon = raw.indexOf(':');
            user = Percent.decodeOrAsIs(colon < 0 ? raw : raw.substring(0, colon));
            if (colon >= 0) urlPassword = Percent.decodeOrAsIs(raw.substring(colon + 1));
            if (user.isEmpty()) user = null;
        }
        Path file = s.get(PASSWORD_FILE);
        String env = s.get(PASSWORD_ENV);
        if (file != null && env != null) throw s.bad(PASSWORD_ENV, "and --password-file both give the password; give it once");
        if (urlPassword != null && (file != null || env != null))
            throw s.bad(file != null ? PASSWORD_FILE : PASSWORD_ENV, "gives a password, and so does the URL; give it once");
        if (file != null) return new Credentials(user, fromFile(s, file), "--password-file");
        if (env != null) {
            String v = System.getenv(env);
            if (v == null) throw s.bad(PASSWORD_ENV, "names " + env + ", which is not set in readygate's environment");
            if (v.isEmpty()) throw s.bad(PASSWORD_ENV, "names " + env + ", which is empty");
            return new Credentials(user, v, "$" + env);
        }
        return new Credentials(user, urlPassword, urlPassword == null ? null : "the URL");
    }

    /** A user or a password was configured: an auth failure is then the user's to fix, not a sign the server is up. */
    public boolean given() {
        return user != null || password != null;
    }

    /** The configured user, or null. */
    public String user() {
        return user;
    }

    /** The configured user, or {@code fallback}. */
    public String user(String fallback) {
        return user != null ? user : fallback;
    }

    /** The password, or null: pass it to the wire only. */
    public String password() {
        return password;
    }

    /** Where the password came from ("the URL", "--password-file", "$PGPASSWORD"), or null: safe to print. */
    public String passwordSource() {
        return passwordSource;
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + (password == null ? "" : ", password=*** from " + passwordSource) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && java.util.Objects.equals(user, c.user) && java.util.Objects.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(user, password);
    }

    private static String fromFile(Layers.View s, Path file) {
        try {
            if (Files.size(file) > MAX_PASSWORD_BYTES)
                throw s.unusableFile(PASSWORD_FILE, file + " is larger than " + MAX_PASSWORD_BYTES + " bytes: it holds no password");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String first = nl < 0 ? text : text.substring(0, nl);
            if (first.endsWith("\r")) first = first.substring(0, first.length() - 1);
            if (first.isEmpty()) throw s.unusableFile(PASSWORD_FILE, file + " is empty: its first line is the password");
            return first;
        } catch (java.nio.charset.MalformedInputException e) {
            throw s.unusableFile(PASSWORD_FILE, file + " is not UTF-8 text");
        } catch (IOException e) {
            throw s.unusableFile(PASSWORD_FILE, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }


    static String variableName(String v) {
        String name = v.trim();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*"))
            throw new IllegalArgumentException("'" + v + "' is not an environment variable name (letters, digits and _)");
        return name;
    }
}
