package dev.readygate.protocol.mysql;

import dev.readygate.testing.ServerProcess;
import dev.readygate.testing.Servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A MariaDB server of the test's own (Debian package mariadb-server): mariadb-install-db into a
 * temporary folder, mariadbd on a free port on 127.0.0.1 and ::1 with its socket in that folder,
 * accounts made over the socket as root with the mariadb client; stopped by PID.
 */
final class MariaDb implements AutoCloseable {
    final Path dir;
    final int port;
    private final Path socket;
    private final Path client;
    private final ServerProcess process;

    private MariaDb(Path dir, int port, Path socket, Path client, ServerProcess process) {
        this.dir = dir;
        this.port = port;
        this.socket = socket;
        this.client = client;
        this.process = process;
    }

    /** Installs a datadir in {@code dir} and starts the server; {@code extra} are more [mariadbd] lines. */
    static MariaDb start(Path dir, String... extra) throws Exception {
        Path mariadbd = ServerProcess.require("mariadb-server", "/usr/sbin/mariadbd", "mariadbd");
        Path install = ServerProcess.require("mariadb-server", "/usr/bin/mariadb-install-db", "mariadb-install-db");
        Path client = ServerProcess.require("mariadb-client", "/usr/bin/mariadb", "mariadb");
        int port = Servers.freePort();
        Path socket = dir.resolve("my.sock");
        List<String> cnf = new ArrayList<>(List.of("[mariadbd]", "datadir=" + dir.resolve("data"), "socket=" + socket,
                "pid-file=" + dir.resolve("my.pid"), "port=" + port, "bind-address=127.0.0.1,::1", "skip-name-resolve",
                "innodb_buffer_pool_size=32M", "innodb_log_file_size=16M", "skip-log-bin", "innodb_fast_shutdown=3",
                "innodb_flush_log_at_trx_commit=0", "log-error=" + dir.resolve("error.log")));
        cnf.addAll(List.of(extra));
        Path conf = dir.resolve("my.cnf");
        Files.write(conf, cnf);
        ServerProcess.run(List.of(install.toString(), "--defaults-file=" + conf, "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db"), Map.of(), Duration.ofSeconds(60));
        ServerProcess p = ServerProcess.start("mariadbd", List.of(mariadbd.toString(), "--defaults-file=" + conf, "--user=root"), Map.of(),
                dir.resolve("stdout.log"), port, Duration.ofSeconds(30));
        return new MariaDb(dir, port, socket, client, p);
    }

    /** Runs SQL as root over the socket; returns the tab-separated output. */
    String sql(String statements) throws Exception {
        return ServerProcess.run(List.of(client.toString(), "--no-defaults", "-S", socket.toString(), "-u", "root", "--batch",
                "--skip-column-names", "-e", statements), Map.of(), Duration.ofSeconds(30));
    }

    String errorLog() throws Exception {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String url(String userInfo, String rest) {
        return "mysql://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port + rest;
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
