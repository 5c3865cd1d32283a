package dev.readygate.protocol.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client keys kubeconfigs hold: PKCS#1 RSA (kind, minikube) and SEC1 EC (k3s) keys, made with openssl (src/test/resources/k8s/keys,
 * test keys only), read into the same keys as their PKCS#8 form: a signature made with each verifies with its public key.
 */
class K8sApiKeysTest {
    static final Path KEYS = Path.of("src/test/resources/k8s/keys");

    @ParameterizedTest
    @CsvSource({"rsa-pkcs1.pem, rsa.pub.pem, RSA, SHA256withRSA", "ec-sec1.pem, ec.pub.pem, EC, SHA256withECDSA"})
    void traditionalKeysAreReadAsTheirPkcs8Selves(String key, String pub, String alg, String sig) throws Exception {
        PrivateKey k = Access.privateKey(Files.readAllBytes(KEYS.resolve(key)), "client-key");
        assertEquals(alg, k.getAlgorithm());
        String pem = Files.readString(KEYS.resolve(pub)).replaceAll("-----[A-Z ]+-----", "");
        PublicKey p = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
        Signature s = Signature.getInstance(sig);
        s.initSign(k);
        s.update("readygate".getBytes(StandardCharsets.UTF_8));
        byte[] signed = s.sign();
        Signature v = Signature.getInstance(sig);
        v.initVerify(p);
        v.update("readygate".getBytes(StandardCharsets.UTF_8));
        assertTrue(v.verify(signed));
    }

    @Test
    void brokenOrEncryptedKeysAreOneLine() {
        assertEquals("client-key: not a PKCS#1 RSA key (no DER SEQUENCE)", assertThrows(IllegalArgumentException.class,
                () -> Access.privateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII),
                        "client-key")).getMessage());
        assertEquals("client-key: an encrypted private key; readygate reads unencrypted keys (as kubectl does)", assertThrows(IllegalArgumentException.class,
                () -> Access.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII),
                        "client-key")).getMessage());
        // a SEC1 key whose length runs past its end
        assertEquals("client-key: a DER element runs past its end", assertThrows(IllegalArgumentException.class,
                () -> Access.privateKey(("-----BEGIN EC PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x05, 0x02, 0x01, 0x01, 0x04, 0x09})
                        + "\n-----END EC PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII), "client-key")).getMessage());
    }
}
