package dev.readygate.protocol.postgres;

import dev.readygate.testing.ServerProcess;
import dev.readygate.testing.Servers;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL for one test (or one class), from the installed binaries: a copy of one
 * initdb'd template (initdb and the roles below are made once per JVM), its own settings, a free
 * loopback port, run as the postgres user (the server refuses root), stopped by PID.
 *
 * <p>Roles: postgres (trust), app (scram-sha-256, {@link #APP_PASSWORD}), mduser (md5), clearuser
 * (cleartext password), blocked (a reject line), tlsonly (hostssl only), readygate (no such role, a
 * scram line: the server still issues the challenge), ghost (no such role, a trust line),
 * certuser (hostssl, cert: a client certificate with CN=certuser, when the server has ssl_ca_file). Database appdb; table public.widgets in postgres.
 */
final class PgCluster implements AutoCloseable {
    static final String APP_PASSWORD = "app-Secret-9f3q";
    static final String MD5_PASSWORD = "md5-Secret-7x1";
    static final String CLEAR_PASSWORD = "clear-Secret-4k2";
    private static final List<String> AS_POSTGRES = List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups");
    private static Path template;

    final Path dir;
    final Path data;
    final int port;
    final ServerProcess server;

    private PgCluster(Path dir, int port, ServerProcess server) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.server = server;
    }

    static Path bin() {
        return ServerProcess.require("postgresql", "/usr/lib/postgresql/*/bin/postgres", "postgres").getParent();
    }

    /** The template data folder, made once per JVM (initdb ~0.7 s plus one single-user session for the roles). */
    static synchronized Path template() throws IOException, InterruptedException {
        if (template != null) return template;
        Path bin = bin();
        Path t = Files.createTempDirectory("readygate-pg-template");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new ProcessBuilder("rm", "-rf", t.toString()).start().waitFor();
            } catch (IOException | InterruptedException ignored) {
                // a temp folder left behind
            }
        }));
        chown(t);
        Path data = t.resolve("data");
        run(cmd(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"));
        Path sql = t.resolve("setup.sql");
        Files.writeString(sql, String.join("\n",
                "CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD + "';",
                "CREATE ROLE clearuser LOGIN PASSWORD '" + CLEAR_PASSWORD + "';",
                "CREATE ROLE blocked LOGIN PASSWORD 'x';",
                "CREATE ROLE tlsonly LOGIN PASSWORD '" + APP_PASSWORD + "';",
                "CREATE ROLE certuser LOGIN;",
                "SET password_encryption = 'md5';",
                "CREATE ROLE mduser LOGIN PASSWORD '" + MD5_PASSWORD + "';",
                "CREATE DATABASE appdb;",
                "CREATE TABLE public.widgets (id int);",
                "CREATE TABLE public.\"MixedCase\" (id int);", ""));
        run(List.of("sh", "-c", String.join(" ", AS_POSTGRES) + " " + bin.resolve("postgres") + " --single -D " + data + " -F postgres < " + sql));
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all app 127.0.0.1/32 scram-sha-256",
                "host all mduser 127.0.0.1/32 md5",
                "host all clearuser 127.0.0.1/32 password",
                "host all blocked 127.0.0.1/32 reject",
                "hostssl all tlsonly 127.0.0.1/32 scram-sha-256",
                "hostssl all certuser 127.0.0.1/32 cert",
                "host all readygate 127.0.0.1/32 scram-sha-256",
                "host all ghost 127.0.0.1/32 trust", ""));
        template = t;
        return t;
    }

    /**
     * A copy of the template in a folder of its own (removed by {@link #close}) with these postgresql.conf lines,
     * started on a free port.
     *
     * @param extra files to put into the data folder before the start (e.g. standby.signal, server.crt)
     */
    static PgCluster start(List<String> conf, Map<String, String> extra) throws IOException, InterruptedException {
        Path t = template();
        Path dir = Files.createTempDirectory("readygate-pg");
        chown(dir);
        run(List.of("cp", "-a", t.resolve("data").toString(), dir.resolve("data").toString()));
        Path data = dir.resolve("data");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            Path f = data.resolve(e.getKey());
            Files.writeString(f, e.getValue());
            run(List.of("chown", "postgres:postgres", f.toString()));
            run(List.of("chmod", "600", f.toString()));
        }
        int port = Servers.freePort();
        List<String> lines = new ArrayList<>(List.of("port = " + port, "listen_addresses = '127.0.0.1'", "unix_socket_directories = '" + dir + "'",
                "fsync = off", "shared_buffers = 16MB", "logging_collector = off"));
        lines.addAll(conf);
        Files.writeString(data.resolve("postgresql.conf"), "\n" + String.join("\n", lines) + "\n", java.nio.file.StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(AS_POSTGRES);
        command.addAll(List.of(bin().resolve("postgres").toString(), "-D", data.toString()));
        ServerProcess s = ServerProcess.start("postgres", command, Map.of(), dir.resolve("pg.log"), port, Duration.ofSeconds(20));
        PgCluster pg = new PgCluster(dir, port, s);
        pg.awaitStartedUp();
        return pg;
    }

    /** The port listens before the start-up ends: wait until the server stops saying "starting up" (57P03), at most 15 s. */
    private void awaitStartedUp() throws InterruptedException {
        var probe = new PostgresProbe();
        var target = Pg.target("postgres://127.0.0.1:" + port + "?sslmode=disable");
        for (int i = 0; i < 600; i++) {
            var r = probe.probe(target, Duration.ofSeconds(2));
            if (r.ready() || !r.diagnosis().message().contains("starting up")) return;
            // the real "starting up" 57P03, seen here on most starts: transient STARTING_UP
            if (r.diagnosis().cause() != dev.readygate.diagnosis.Cause.STARTING_UP || r.diagnosis().permanent())
                throw new AssertionError("starting up judged as " + Pg.describe(r));
            Thread.sleep(25);
        }
        throw new AssertionError("postgres kept starting up for 15 s:\n" + log());
    }

    /** A session held open: its socket and its backend's PID (from BackendKeyData). */
    record Held(Socket socket, int pid) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A session logged in (trust) and held open until closed, taking one connection slot. */
    Held hold(String user) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(Wire.startup(Map.of("user", user, "database", "postgres")));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int pid = 0;
        while (true) {
            int type = in.read();
            int len = in.readInt();
            byte[] body = new byte[len - 4];
            in.readFully(body);
            if (type == 'K') pid = Wire.int32(body, 0);
            if (type == 'Z') return new Held(s, pid);
            if (type == 'E') {
                s.close();
                throw new IOException("could not hold a session: " + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    /** The server's log so far (for assertion messages). */
    String log() {
        return server.logTail();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            // a fast shutdown (SIGINT): a smart one (SIGTERM) waits for sessions, and a standby takes seconds
            if (server.alive()) {
                new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
                ProcessHandle.of(server.pid()).ifPresent(h -> {
                    try {
                        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // server.close() below ends it
                    }
                });
            }
            server.close();
        } catch (IOException e) {
            server.close();
        } finally {
            try {
                run(List.of("rm", "-rf", dir.toString()));
            } catch (IOException e) {
                // a temp folder left behind
            }
        }
    }

    private static List<String> cmd(String... args) {
        List<String> c = new ArrayList<>(AS_POSTGRES);
        c.addAll(List.of(args));
        return c;
    }

    private static void chown(Path dir) throws IOException, InterruptedException {
        run(List.of("chown", "postgres:postgres", dir.toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ServerProcess.run(command, Map.of(), Duration.ofSeconds(30));
    }
}
