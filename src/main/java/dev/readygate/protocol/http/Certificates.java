package dev.readygate.protocol.http;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a server certificate says, as evidence and in messages. */
final class Certificates {
    private Certificates() {
    }

    /** Subject, SANs, issuer and notAfter (the "certificate" evidence). */
    static Map<String, Object> facts(X509Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", c.getSubjectX500Principal().getName());
        m.put("sans", sans(c));
        m.put("issuer", c.getIssuerX500Principal().getName());
        m.put("notAfter", c.getNotAfter().toInstant().toString());
        return m;
    }

    /** The DNS and IP subject alternative names, as "DNS:name" and "IP:address". */
    static List<String> sans(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            var all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    Object type = san.get(0);
                    Object value = san.get(1);
                    if (Integer.valueOf(2).equals(type)) out.add("DNS:" + value);
                    else if (Integer.valueOf(7).equals(type)) out.add("IP:" + value);
                }
            }
        } catch (Exception ignored) {
            // unparsable extension: no SANs shown
        }
        return out;
    }
}
