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
        alsoRun(System.getProperty("readygate.aot.also"));
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * For an AOT cache's training run only (scripts/build-runtime.sh, bin/readygate's
     * READYGATE_AOT=train): after the command line, runs the command lines in this file (one a
     * line, arguments separated by tabs), their output discarded; the exit code stays the first
     * run's. One JVM trains the cache, and a plain command line and one with a config file take
     * different paths (QuickArgs, picocli): the lambdas and method handles a path links are
     * archived only if the training ran it, else they are made at every start (~10 ms measured).
     * Not for users: nothing else reads the property.
     */
    private static void alsoRun(String file) {
        if (file == null || file.isEmpty()) return;
        java.util.List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("readygate: cannot read the training lines " + file + ": " + e.getMessage());
            return;
        }
        java.io.PrintStream none = new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true);
        for (String line : lines) {
            if (line.isBlank()) continue;
            try {
                Cli.run(line.split("\t"), new Cli.Context(java.io.InputStream.nullInputStream(), none, none, System.getenv(), false));
            } catch (RuntimeException | OutOfMemoryError e) {
                System.err.println("readygate: training line failed (" + e + "): " + line);
            }
        }
    }
}
