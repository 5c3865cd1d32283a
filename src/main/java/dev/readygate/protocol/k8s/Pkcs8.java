package dev.readygate.protocol.k8s;

import java.io.ByteArrayOutputStream;

/**
 * Wraps the traditional private-key encodings into PKCS#8 PrivateKeyInfo, which the JDK's KeyFactory reads: PKCS#1
 * RSAPrivateKey (RFC 8017) and SEC1 ECPrivateKey (RFC 5915, its curve taken from its own parameters), as kind, minikube
 * and k3s write them in kubeconfigs. Only the DER structure is read; the key material is passed through as it is.
 */
final class Pkcs8 {
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    private static final byte[] RSA = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private Pkcs8() {
    }

    static byte[] fromPkcs1(byte[] rsa) {
        outer(rsa, "a PKCS#1 RSA key");
        return sequence(VERSION_0, RSA, tlv(0x04, rsa));
    }

    static byte[] fromSec1(byte[] ec) {
        int[] seq = outer(ec, "a SEC1 EC key");
        // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING, [0] parameters (the curve's OID), [1] publicKey }
        int at = seq[0];
        byte[] curve = null;
        while (at < seq[1]) {
            int[] el = element(ec, at, seq[1]);
            if ((ec[at] & 0xff) == 0xa0) {
                int[] oid = element(ec, el[0], el[1]);
                if (ec[el[0]] != 0x06) throw new IllegalArgumentException("the SEC1 EC key's parameters are not a named curve");
                curve = java.util.Arrays.copyOfRange(ec, el[0], oid[1]);
            }
            at = el[1];
        }
        if (curve == null) throw new IllegalArgumentException("the SEC1 EC key does not name its curve");
        return sequence(VERSION_0, sequence(EC_PUBLIC_KEY, curve), tlv(0x04, ec));
    }

    /** The content's {start, end} of the outer SEQUENCE, which must span the whole input. */
    private static int[] outer(byte[] der, String what) {
        if (der.length < 2 || der[0] != 0x30) throw new IllegalArgumentException("not " + what + " (no DER SEQUENCE)");
        int[] el = element(der, 0, der.length);
        if (el[1] != der.length) throw new IllegalArgumentException("not " + what + " (trailing bytes)");
        return el;
    }

    /** The element at {@code at}: {content start, element end}, checked against {@code limit}. */
    private static int[] element(byte[] der, int at, int limit) {
        if (at + 2 > limit) throw new IllegalArgumentException("a DER element runs past its end");
        int len = der[at + 1] & 0xff;
        int start = at + 2;
        if (len > 0x80) {
            int n = len & 0x7f;
            if (n > 3 || start + n > limit) throw new IllegalArgumentException("a DER length is not readable");
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (der[start + i] & 0xff);
            start += n;
        } else if (len == 0x80) {
            throw new IllegalArgumentException("an indefinite DER length");
        }
        if (start + len > limit) throw new IllegalArgumentException("a DER element runs past its end");
        return new int[] {start, start + len};
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) content.writeBytes(p);
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) out.write(n);
        else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
