package dev.readygate.protocol.wire;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding, as PostgreSQL,
 * MongoDB and Kafka ask for it: {@link #clientFirst()}, then {@link #clientFinal(String)} from the
 * server's first message, then {@link #serverFinalValid(String)} proves the server knew the
 * password too. The password is used as given (SASLprep is the identity for ASCII passwords).
 *
 * <p>A hostile server cannot make readygate burn its CPU: more than {@link #MAX_ITERATIONS}
 * iterations, a nonce that does not extend the client's, or a malformed message is refused with
 * an {@link IllegalArgumentException} whose message names what was wrong (never the password).
 */
public final class Scram {
    /** PostgreSQL asks for 4,096 and MongoDB for 15,000; PBKDF2 at this cap takes ~0.1 s here. */
    public static final int MAX_ITERATIONS = 200_000;

    private final String user;
    private final char[] password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverSignature;

    /** @param user the SCRAM user name (PostgreSQL sends an empty one: the user is in the StartupMessage) */
    public Scram(String user, String password) {
        this(user, password, nonce());
    }

    /** With a given nonce, for tests against published exchanges. */
    Scram(String user, String password, String clientNonce) {
        this.user = user.replace("=", "=3D").replace(",", "=2C");
        this.password = password.toCharArray();
        this.clientNonce = clientNonce;
    }

    /** "n,,n=USER,r=NONCE": the gs2 header (no channel binding) and the bare first message. */
    public String clientFirst() {
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /**
     * The client's final message (with the proof), from the server's first message.
     *
     * @throws IllegalArgumentException when the server's message is malformed or asks too much
     */
    public String clientFinal(String serverFirst) {
        if (clientFirstBare == null) throw new IllegalStateException("clientFirst() comes first");
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterationsText = attribute(serverFirst, 'i');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length())
            throw new IllegalArgumentException("the server's SCRAM nonce does not extend the client's");
        int iterations;
        try {
            iterations = Integer.parseInt(iterationsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the server's SCRAM iteration count '" + iterationsText + "' is not a number");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS)
            throw new IllegalArgumentException("the server asks for " + iterations + " SCRAM iterations (readygate computes 1 to " + MAX_ITERATIONS + ")");
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the server's SCRAM salt is not base64");
        }
        if (saltBytes.length == 0 || saltBytes.length > 1024) throw new IllegalArgumentException("the server's SCRAM salt has " + saltBytes.length + " bytes");
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, saltBytes, iterations, 256)).getEncoded();
            String withoutProof = "c=biws,r=" + nonce;
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
            serverSignature = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)), authMessage);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM-SHA-256 is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The server's final message proves it knew the password ("v=SIGNATURE"). */
    public boolean serverFinalValid(String serverFinal) {
        if (serverSignature == null) return false;
        String v;
        try {
            v = attribute(serverFinal, 'v');
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            return MessageDigest.isEqual(serverSignature, Base64.getDecoder().decode(v));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The server's final message is an error ("e=invalid-proof"): its value, or null. */
    public static String serverError(String serverFinal) {
        try {
            return attribute(serverFinal, 'e');
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') return part.substring(2);
        }
        throw new IllegalArgumentException("the server's SCRAM message has no '" + name + "=' attribute");
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static String nonce() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Override
    public String toString() {
        return "Scram[user=" + user + ", password=***]";
    }
}
