package dev.readygate.protocol.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ScramTest {
    /** RFC 7677 section 3: user "user", password "pencil". */
    @Test
    void computesTheExchangeOfRfc7677() {
        Scram s = new Scram("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", s.clientFirst());
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                s.clientFinal(serverFirst));
        assertTrue(s.serverFinalValid("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        assertFalse(s.serverFinalValid("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        assertFalse(s.serverFinalValid("e=invalid-proof"));
        assertEquals("invalid-proof", Scram.serverError("e=invalid-proof"));
        assertFalse(s.toString().contains("pencil"));
    }

    @Test
    void refusesAHostileServerFirstMessage() {
        Scram s = new Scram("", "secret", "abc");
        s.clientFirst();
        assertEquals("the server's SCRAM nonce does not extend the client's",
                assertThrows(IllegalArgumentException.class, () -> s.clientFinal("r=xyz,s=AAAA,i=4096")).getMessage());
        assertEquals("the server asks for 2000000000 SCRAM iterations (readygate computes 1 to 200000)",
                assertThrows(IllegalArgumentException.class, () -> s.clientFinal("r=abcd,s=AAAA,i=2000000000")).getMessage());
        assertEquals("the server's SCRAM message has no 's=' attribute",
                assertThrows(IllegalArgumentException.class, () -> s.clientFinal("r=abcd,i=1")).getMessage());
        assertEquals("the server's SCRAM salt is not base64",
                assertThrows(IllegalArgumentException.class, () -> s.clientFinal("r=abcd,s=!!,i=1")).getMessage());
    }
}
