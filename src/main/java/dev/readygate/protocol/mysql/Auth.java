package dev.readygate.protocol.mysql;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The client side of the MySQL authentication plugins readygate speaks. The password never
 * leaves this class except scrambled, RSA-encrypted, or in clear inside TLS.
 */
final class Auth {
    static final String NATIVE = "mysql_native_password";
    static final String CACHING_SHA2 = "caching_sha2_password";
    static final String SHA256 = "sha256_password";
    static final String CLEAR = "mysql_clear_password";

    /** caching_sha2_password's AuthMoreData after the scramble: the cache knew the user. */
    static final int FAST_AUTH_OK = 3;
    /** caching_sha2_password's AuthMoreData: the cache did not know the user, send the password. */
    static final int FULL_AUTH = 4;
    /** Asks caching_sha2_password for its RSA public key. */
    static final byte[] REQUEST_KEY_CACHING_SHA2 = {2};
    /** Asks sha256_password for its RSA public key. */
    static final byte[] REQUEST_KEY_SHA256 = {1};

    private Auth() {
    }

    /** Whether readygate can answer this plugin's first challenge. */
    static boolean speaks(String plugin) {
        return NATIVE.equals(plugin) || CACHING_SHA2.equals(plugin) || SHA256.equals(plugin) || CLEAR.equals(plugin);
    }

    /**
     * The first answer to a plugin's challenge; empty for an empty password. sha256_password and
     * mysql_clear_password get the clear password only over TLS ({@code tls}); without TLS
     * sha256_password asks for the key first.
     */
    static byte[] firstResponse(String plugin, String password, byte[] scramble, boolean tls) {
        if (password == null || password.isEmpty()) return CLEAR.equals(plugin) || (SHA256.equals(plugin) && tls) ? new byte[] {0} : new byte[0];
        return switch (plugin) {
            case NATIVE -> nativeScramble(password, scramble);
            case CACHING_SHA2 -> sha2Scramble(password, scramble);
            case SHA256 -> tls ? clear(password) : REQUEST_KEY_SHA256;
            case CLEAR -> tls ? clear(password) : new byte[0];
            default -> new byte[0];
        };
    }

    /** SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))). */
    static byte[] nativeScramble(String password, byte[] scramble) {
        MessageDigest sha1 = digest("SHA-1");
        byte[] h1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] h2 = sha1.digest(h1);
        sha1.update(nonce(scramble));
        sha1.update(h2);
        byte[] h3 = sha1.digest();
        for (int i = 0; i < h1.length; i++) h1[i] ^= h3[i];
        return h1;
    }

    /** SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble). */
    static byte[] sha2Scramble(String password, byte[] scramble) {
        MessageDigest sha = digest("SHA-256");
        byte[] h1 = sha.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] h2 = sha.digest(h1);
        sha.update(h2);
        sha.update(nonce(scramble));
        byte[] h3 = sha.digest();
        for (int i = 0; i < h1.length; i++) h1[i] ^= h3[i];
        return h1;
    }

    /** The password and a NUL, for TLS only. */
    static byte[] clear(String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(pw, pw.length + 1);
    }

    /**
     * The password (and a NUL) XOR the scramble, encrypted with the server's RSA public key
     * (RSA/ECB/OAEPWithSHA-1AndMGF1Padding, as MySQL 8.0.5 and later decrypt it).
     *
     * @throws IllegalArgumentException when the key is no RSA public key in PEM; the message holds no secret
     */
    static byte[] rsaEncrypted(String password, byte[] scramble, byte[] pem) {
        byte[] pw = clear(password == null ? "" : password);
        byte[] nonce = nonce(scramble);
        if (nonce.length > 0) for (int i = 0; i < pw.length; i++) pw[i] ^= nonce[i % nonce.length];
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            c.init(Cipher.ENCRYPT_MODE, publicKey(pem));
            return c.doFinal(pw);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the server's RSA public key cannot encrypt the password (" + e.getClass().getSimpleName() + ")");
        }
    }

    static PublicKey publicKey(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = text.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) throw new IllegalArgumentException("the server sent no RSA public key in PEM (BEGIN PUBLIC KEY)");
        String body = text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the server's public key is no RSA key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The scramble without a trailing NUL (an AuthSwitchRequest carries one). */
    static byte[] nonce(byte[] scramble) {
        int n = scramble.length;
        if (n > 0 && scramble[n - 1] == 0) n--;
        return n == scramble.length ? scramble : java.util.Arrays.copyOf(scramble, n);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " is not available in this JVM", e);
        }
    }
}
