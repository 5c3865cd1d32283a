package dev.readygate.protocol.redis;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.testing.ServerProcess;
import dev.readygate.testing.Servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A redis-server of the test's own (Debian package redis-server) in a temporary folder on a free
 * loopback port, stopped by PID; and the helpers the tests share: raw RESP commands on a
 * connection of their own, and the probe run on a target as readygate builds it.
 */
final class RealRedis implements AutoCloseable {
    final int port;
    final Path dir;
    private final ServerProcess process;

    private RealRedis(int port, Path dir, ServerProcess process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static Path binary() {
        return ServerProcess.require("redis-server", "/usr/bin/redis-server", "redis-server");
    }

    /** Starts redis-server in {@code dir} on a free port with these extra arguments (e.g. "--requirepass", "pw"). */
    static RealRedis start(Path dir, String... args) throws IOException, InterruptedException {
        return start(dir, Servers.freePort(), args);
    }

    static RealRedis start(Path dir, int port, String... args) throws IOException, InterruptedException {
        Path bin = binary();
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no", "--loglevel", "verbose"));
        cmd.addAll(List.of(args));
        ServerProcess p = ServerProcess.start("redis-server", cmd, Map.of(), dir.resolve("redis.log"), port, Duration.ofSeconds(10));
        return new RealRedis(port, dir, p);
    }

    String log() {
        return process.logTail();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    /** A connection of the test's own, for commands that set a state up (it may stay open to hold a client slot). */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Sends a command without reading its reply. */
        void send(String... words) throws IOException {
            out.write(Resp.command(words));
            out.flush();
        }

        /** Sends many commands at once. */
        void pipeline(List<String[]> commands) throws IOException {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (String[] c : commands) all.writeBytes(Resp.command(c));
            out.write(all.toByteArray());
            out.flush();
        }

        /** Reads one reply: a simple reply, an error or an integer as its line, a bulk string as its text. */
        String reply() throws IOException {
            String line = line();
            if (!line.startsWith("$") || line.equals("$-1")) return line;
            byte[] body = in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
            return new String(body, 0, Math.max(0, body.length - 2), StandardCharsets.UTF_8);
        }

        String call(String... words) throws IOException {
            send(words);
            return reply();
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 1_000_000; i++) {
                int b = in.read();
                if (b < 0) throw new IOException("closed after '" + sb + "'");
                if (b == '\r') continue;
                if (b == '\n') return sb.toString();
                sb.append((char) b);
            }
            throw new IOException("line too long");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    Conn conn() throws IOException {
        return new Conn(port);
    }

    /** The target as readygate builds it from the command line, with these settings (key, text) pairs. */
    static Target target(String uri, Object... settings) {
        Target t = Registry.protocols().parse(uri, Origin.COMMAND_LINE);
        List<Value<?>> values = new ArrayList<>();
        for (int i = 0; i < settings.length; i += 2) {
            Key<?> key = (Key<?>) settings[i];
            values.add(Value.parse(key, settings[i + 1] == null ? List.of() : List.of(settings[i + 1].toString()), Origin.COMMAND_LINE));
        }
        Layers.View view = Layers.of(Settings.of(values)).forTarget(Settings.EMPTY);
        return t.withSpec(new RedisProtocol().spec(t, view));
    }

    static ProbeResult probe(Target t) {
        return probe(t, Duration.ofSeconds(3));
    }

    static ProbeResult probe(Target t, Duration timeout) {
        return new RedisProtocol().probe().probe(t, timeout);
    }
}
