package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.net.Listeners;
import dev.readygate.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** readygate listeners: the TCP listening sockets of this machine, like `ss -tlnp`. */
@Command(name = "listeners", mixinStandardHelpOptions = true, versionProvider = Cli.RootCommand.VersionProvider.class,
        description = {"Lists the TCP sockets listening on this machine, with their process, like 'ss -tlnp'.",
                "Reads Linux /proc/net/tcp and tcp6; processes of other users are shown only when run as root,",
                "and processes in another PID namespace (e.g. a container seen from the host) not even then.", ""},
        footer = {"", "Exit codes: 0 listed, 2 usage error, 3 inventory unavailable (no /proc)."})
public final class ListenersCommand implements Callable<Integer> {
    private final Cli.Context ctx;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text or json (default: text)")
    String output = "text";

    @Option(names = "--port", paramLabel = "PORT", description = "only this port")
    Integer port;

    ListenersCommand(Cli.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String format = output.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            ctx.err().println("readygate: --output: '" + output + "' is not a format; use text or json");
            return ExitCodes.USAGE;
        }
        Listeners listeners = Listeners.system();
        Listeners.Inventory inv = listeners.read();
        if (!inv.available()) {
            ctx.err().println("readygate: listener inventory unavailable: " + inv.unavailable());
            return ExitCodes.CONFIG;
        }
        var list = inv.listeners().stream().filter(l -> port == null || l.port() == port).toList();
        if (format.equals("json")) {
            ctx.out().print(json(list, inv.ownersPartial()));
        } else {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6s %-40s %-6s %-6s %s%n", "PROTO", "LOCAL ADDRESS", "PORT", "QUEUE", "PROCESS"));
            for (Listeners.Listener l : list) {
                b.append(String.format(Locale.ROOT, "%-6s %-40s %-6d %-6d %s%n", l.family().equals("IPv6") ? "tcp6" : "tcp", l.addressText(),
                        l.port(), l.acceptQueue(), l.owner().isEmpty() ? "-" : l.owner()));
            }
            ctx.out().print(b);
            if (inv.ownersPartial())
                ctx.err().println("readygate: some processes could not be identified (" + listeners.unidentifiedWhy() + ")");
        }
        ctx.out().flush();
        return ExitCodes.READY;
    }

    private static String json(java.util.List<Listeners.Listener> list, boolean partial) {
        return Json.render(g -> {
            g.writeStartObject();
            g.writeBooleanField("ownersPartial", partial);
            g.writeArrayFieldStart("listeners");
            for (Listeners.Listener l : list) {
                g.writeStartObject();
                g.writeStringField("family", l.family());
                g.writeStringField("address", l.addressText());
                g.writeNumberField("port", l.port());
                g.writeNumberField("acceptQueue", l.acceptQueue());
                if (l.pid() < 0) g.writeNullField("pid");
                else g.writeNumberField("pid", l.pid());
                if (l.command() == null) g.writeNullField("command");
                else g.writeStringField("command", l.command());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
