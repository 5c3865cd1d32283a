/**
 * The http:// and https:// probe: HTTP/1.1 written and read by hand over a socket from
 * {@link dev.readygate.net.Dialer}, with TLS layered on it, so a diagnosis can rest on wire facts.
 *
 * <p>How it is cut: {@link dev.readygate.protocol.http.HttpProbe} makes one {@code Attempt} per
 * call (target, deadline, evidence, warnings) and follows redirects; each hop is an
 * {@code Exchange} with its own {@code Hop} state, through the phases {@code DialPhase},
 * {@code TlsPhase}, {@code RequestWriter}, {@code HeadReader} and {@code BodyReader}. A complete
 * response is judged by {@code ResponseJudge}; a failed hop is classified by {@code HopFailures},
 * which leaves every TLS matter to the table in {@code TlsFailures}; {@code PlainOnTlsCheck} runs
 * after the hops of a plain request.
 *
 * <p>Decisions worth knowing (each pinned by a test):
 * <ul>
 *   <li>Every request says {@code Connection: close}; a server may then frame the body by closing
 *       instead of chunking (WireMock's MALFORMED_RESPONSE_CHUNK fault becomes a valid 200 with a
 *       garbage body).</li>
 *   <li>A plain-text request to a TLS port: the JDK's TLS server answers with a TLS alert record,
 *       recognised as PLAIN_ON_TLS_PORT; a server that closes silently gives EMPTY_RESPONSE.</li>
 *   <li>An RST or EOF right after the server asked for a client certificate is TLS_HANDSHAKE
 *       naming the client certificate (TLS 1.3 finishes the client's handshake before the server
 *       judges the certificate).</li>
 *   <li>TLS sessions are invalidated after each attempt: no resumption, the certificate is
 *       verified on every attempt.</li>
 *   <li>An RST after some response bytes is PREMATURE_CLOSE; before any byte CONNECTION_RESET.</li>
 * </ul>
 */
package dev.readygate.protocol.http;
