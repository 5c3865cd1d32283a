package dev.readygate;

import dev.readygate.cli.Cli;

/** The only class that exits the process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // each attempt asks the resolver afresh: a name that did not resolve (or whose DNS server
        // timed out) must not be answered from the JDK's 10 s negative cache, and a record that
        // changes (compose and Kubernetes create them when a service starts) is seen within 1 s
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        java.security.Security.setProperty("networkaddress.cache.ttl", "1");
        int code;
        try {
            code = Cli.run(args, new Cli.Context(System.in, System.out, System.err, System.getenv(), true));
        } catch (OutOfMemoryError e) {
            // one line, never a stack trace: the heap is pinned by the launcher (-Xmx64m)
            System.err.println("readygate: out of memory (heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB): give the JVM more with READYGATE_JAVA_OPTS=-Xmx256m, or wait for fewer targets at once");
            code = dev.readygate.cli.ExitCodes.INTERNAL;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
