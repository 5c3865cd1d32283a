package dev.readygate.diagnosis;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns a low-level failure into a cause. The JDK reports some connect timeouts as
 * ConnectException("Connection timed out") (the kernel's ETIMEDOUT after SYN retries) rather
 * than SocketTimeoutException; both are CONNECT_TIMEOUT. Table-driven tests pin every row.
 */
public final class Classifier {
    private Classifier() {
    }

    /**
     * @param e       the failure
     * @param phase   the phase the attempt was in (CONNECT or EXCHANGE)
     * @param address the address dialled, as text
     * @param tookMs  how long the phase took before it failed
     */
    public static Diagnosis classify(Throwable e, Phase phase, String address, long tookMs) {
        return builder(e, phase, address, tookMs).build();
    }

    /** {@link #classify}, open for more evidence before it is built. */
    public static Diagnosis.Builder builder(Throwable e, Phase phase, String address, long tookMs) {
        Cause cause = cause(e, phase);
        String detail = String.valueOf(e.getMessage());
        String message = switch (cause) {
            case LOCAL_RESOURCES -> "readygate could not open a socket to " + address + ": too many open files on this machine (" + detail + ")";
            case CONNECTION_REFUSED -> "connection refused by " + address + ": nothing listens there";
            case CONNECT_TIMEOUT -> "no answer to connect from " + address + " within " + tookMs + " ms (dropped or filtered)";
            case HOST_UNREACHABLE -> "no route to " + address + " (" + detail + ")";
            case DNS_NOT_FOUND -> "host of " + address + " does not resolve";
            case CONNECTION_RESET -> "connection reset by " + address + " before a complete response";
            case READ_TIMEOUT -> address + " accepted the connection but sent nothing within " + tookMs + " ms";
            case PREMATURE_CLOSE -> address + " closed the connection before a complete response";
            default -> address + ": " + e.getClass().getSimpleName() + ": " + detail;
        };
        return Diagnosis.builder(cause, message)
                .evidence("address", address)
                .evidence(phase == Phase.CONNECT ? "connectMs" : "elapsedMs", tookMs)
                .evidence("error", e.getClass().getSimpleName() + ": " + detail);
    }

    /** The table: exception type and message -> cause, given the phase. */
    public static Cause cause(Throwable e, Phase phase) {
        // the common case first, without lower-casing the message: a refused target is dialled several times a second
        if (e instanceof ConnectException && "Connection refused".equals(e.getMessage())) return Cause.CONNECTION_REFUSED;
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // the local process ran out of descriptors (EMFILE/ENFILE): never the target's fault
        if (msg.contains("too many open files")) return Cause.LOCAL_RESOURCES;
        if (e instanceof UnknownHostException) return Cause.DNS_NOT_FOUND;
        if (e instanceof NoRouteToHostException || e instanceof PortUnreachableException) return Cause.HOST_UNREACHABLE;
        if (e instanceof SocketTimeoutException) return phase == Phase.CONNECT ? Cause.CONNECT_TIMEOUT : Cause.READ_TIMEOUT;
        if (e instanceof ConnectException) {
            if (msg.contains("timed out")) return Cause.CONNECT_TIMEOUT;
            if (msg.contains("unreachable") || msg.contains("no route")) return Cause.HOST_UNREACHABLE;
            return Cause.CONNECTION_REFUSED;
        }
        if (e instanceof EOFException) return Cause.PREMATURE_CLOSE;
        if (e instanceof SocketException) {
            if (msg.contains("reset") || msg.contains("broken pipe") || msg.contains("connection abort")) return Cause.CONNECTION_RESET;
            if (msg.contains("unreachable") || msg.contains("no route")) return Cause.HOST_UNREACHABLE;
            if (msg.contains("refused")) return Cause.CONNECTION_REFUSED;
            if (msg.contains("timed out")) return phase == Phase.CONNECT ? Cause.CONNECT_TIMEOUT : Cause.READ_TIMEOUT;
            return phase == Phase.CONNECT ? Cause.CONNECTION_REFUSED : Cause.CONNECTION_RESET;
        }
        if (e instanceof IOException && msg.contains("reset")) return Cause.CONNECTION_RESET;
        return phase == Phase.CONNECT ? Cause.CONNECTION_REFUSED : Cause.PROTOCOL_ERROR;
    }
}
