package dev.readygate;

import dev.readygate.cli.Cli;

/** The only class that exits the process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Cli.run(args, new Cli.Context(System.in, System.out, System.err, System.getenv(), true));
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
