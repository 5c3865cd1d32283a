package dev.readygate.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TCP listening sockets of this machine (Linux): /proc/net/tcp and /proc/net/tcp6, mapped
 * to their owning process through /proc/PID/fd where permitted (others' processes need root; even
 * root cannot see into another PID namespace).
 * On systems without /proc, {@link #read()} says the inventory is unavailable.
 */
public final class Listeners {
    private static final String LISTEN = "0A";

    /** One listening socket. pid is -1 and command null when the owner could not be seen. */
    public record Listener(String family, InetAddress address, int port, int acceptQueue, long inode, long pid, String command) {
        public String addressText() {
            return Resolver.text(address);
        }

        /** "127.0.0.1:3000" or "[::1]:3000". */
        public String endpoint() {
            return Resolver.format(address, port);
        }

        public boolean wildcard() {
            return address.isAnyLocalAddress();
        }

        /** "pid 4242, node", or "" when unknown. */
        public String owner() {
            return pid < 0 ? "" : "pid " + pid + (command == null ? "" : ", " + command);
        }

        // By hand: a record's own equals and hashCode are linked through method handles on first use
        // (~10 ms, measured while waiting on a refused port, where each re-read table is compared with the last).
        @Override
        public boolean equals(Object o) {
            return o instanceof Listener l && l.port == port && l.acceptQueue == acceptQueue && l.inode == inode && l.pid == pid
                    && l.family.equals(family) && l.address.equals(address) && java.util.Objects.equals(l.command, command);
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(inode) * 31 + port) * 31 + address.hashCode();
        }
    }

    /** The inventory, or why there is none. */
    public record Inventory(List<Listener> listeners, String unavailable, boolean ownersPartial) {
        public boolean available() {
            return unavailable == null;
        }
    }

    private final Path proc;

    public Listeners(Path proc) {
        this.proc = proc;
    }

    public static Listeners system() {
        return new Listeners(Path.of("/proc"));
    }

    /**
     * Why some listeners have no owner, for the line after the table: without root, other users' processes
     * cannot be looked into; as root, the socket's process is in another PID namespace (a container, seen
     * from the host or a sibling) or exited while the table was read.
     */
    public String unidentifiedWhy() {
        return root() ? "their processes are in another PID namespace (e.g. a container) or exited while listing"
                : "other users' processes need root";
    }

    /** Whether this process runs with effective user id 0 (the second field of Uid: in /proc/self/status). */
    boolean root() {
        try {
            for (String line : Files.readAllLines(proc.resolve("self/status"), StandardCharsets.US_ASCII)) {
                if (!line.startsWith("Uid:")) continue;
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        } catch (IOException | SecurityException e) {
            // not told: say what a non-root user would need
        }
        return false;
    }

    /** Every listener with its owner (scans /proc/PID/fd: for the listeners command, not for every attempt). */
    public Inventory read() {
        Inventory table = table();
        if (!table.available()) return table;
        List<Listener> out = withOwners(table.listeners());
        return new Inventory(out, null, out.stream().anyMatch(l -> l.pid() < 0));
    }

    /** The listeners without owners: two small file reads, cheap enough to do while waiting. */
    public Inventory table() {
        Path tcp = proc.resolve("net/tcp");
        Path tcp6 = proc.resolve("net/tcp6");
        if (!Files.isReadable(tcp) && !Files.isReadable(tcp6))
            return new Inventory(List.of(), "no " + tcp + " on this system (not Linux, or /proc not mounted)", false);
        List<Listener> raw = new ArrayList<>();
        try {
            if (Files.isReadable(tcp)) raw.addAll(parse(Files.readAllLines(tcp, StandardCharsets.US_ASCII), false));
            if (Files.isReadable(tcp6)) raw.addAll(parse(Files.readAllLines(tcp6, StandardCharsets.US_ASCII), true));
        } catch (IOException e) {
            return new Inventory(List.of(), "cannot read " + tcp + ": " + e.getMessage(), false);
        }
        raw.sort(Comparator.comparingInt(Listener::port).thenComparing(Listener::family).thenComparing(Listener::addressText));
        return new Inventory(List.copyOf(raw), null, true);
    }

    /** The same listeners with pid and command where /proc lets us see them. */
    public List<Listener> withOwners(List<Listener> listeners) {
        return withOwners(listeners, Long.MAX_VALUE);
    }

    /**
     * The same listeners with pid and command where /proc lets us see them, scanning until
     * {@code deadlineNanos} (System.nanoTime()); listeners not reached by then keep no owner.
     */
    public List<Listener> withOwners(List<Listener> listeners, long deadlineNanos) {
        Owners owners = owners(listeners, deadlineNanos);
        Map<Long, String> commands = new HashMap<>();
        List<Listener> out = new ArrayList<>();
        for (Listener l : listeners) {
            long pid = owners.pids.getOrDefault(l.inode(), -1L);
            String command = pid < 0 ? null : commands.computeIfAbsent(pid, this::command);
            out.add(new Listener(l.family(), l.address(), l.port(), l.acceptQueue(), l.inode(), pid, command));
        }
        return List.copyOf(out);
    }

    /** Listening sockets in the lines of /proc/net/tcp or tcp6 (the header line is skipped; malformed lines too). */
    static List<Listener> parse(List<String> lines, boolean v6) {
        List<Listener> out = new ArrayList<>();
        String[] f = new String[10];
        for (String line : lines) {
            // fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode; split by hand, no regex: this runs while waiting
            int n = 0, i = 0, len = line.length();
            while (n < 10 && i < len) {
                while (i < len && line.charAt(i) == ' ') i++;
                int start = i;
                while (i < len && line.charAt(i) != ' ') i++;
                if (start < i) f[n++] = line.substring(start, i);
                if (n == 4 && !LISTEN.equals(f[3])) break;
            }
            if (n < 10 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) continue;
            try {
                int colon = f[1].indexOf(':');
                InetAddress addr = address(f[1].substring(0, colon), v6);
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                int rx = (int) Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
                long inode = Long.parseLong(f[9]);
                // a v4-mapped address in tcp6 (Java binds IPv4 this way) serves IPv4 clients: the family is the address's
                out.add(new Listener(Resolver.family(addr), addr, port, rx, inode, -1, null));
            } catch (RuntimeException | UnknownHostException e) {
                // a line we do not understand is skipped, not fatal
            }
        }
        return out;
    }

    /** The kernel prints each 32-bit word of the address in host byte order (little-endian on x86 and arm64). */
    static InetAddress address(String hex, boolean v6) throws UnknownHostException {
        int words = v6 ? 4 : 1;
        if (hex.length() != words * 8) throw new IllegalArgumentException("bad address " + hex);
        byte[] b = new byte[words * 4];
        for (int w = 0; w < words; w++) {
            for (int i = 0; i < 4; i++) {
                int pos = w * 8 + (3 - i) * 2;
                b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(pos, pos + 2), 16);
            }
        }
        return InetAddress.getByAddress(b);
    }

    private record Owners(Map<Long, Long> pids, boolean partial) {
    }

    private Owners owners(List<Listener> listeners, long deadlineNanos) {
        Map<Long, Long> pids = new HashMap<>();
        if (listeners.isEmpty()) return new Owners(pids, false);
        java.util.Set<Long> wanted = new java.util.HashSet<>();
        for (Listener l : listeners) wanted.add(l.inode());
        boolean partial = false;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            int scanned = 0;
            for (Path p : procs) {
                if (++scanned > 100_000 || pids.size() == wanted.size()) break;
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                    partial = true; // out of time: the owners found so far
                    break;
                }
                long pid = Long.parseLong(p.getFileName().toString());
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(p.resolve("fd"))) {
                    for (Path fd : fds) {
                        String link;
                        try {
                            link = Files.readSymbolicLink(fd).toString();
                        } catch (IOException e) {
                            continue;
                        }
                        if (link.startsWith("socket:[")) {
                            long inode = Long.parseLong(link.substring(8, link.length() - 1));
                            if (wanted.contains(inode)) pids.putIfAbsent(inode, pid);
                        }
                    }
                } catch (IOException | SecurityException | NumberFormatException e) {
                    partial = true; // another user's process: not permitted without root (see unidentifiedWhy)
                }
            }
        } catch (IOException | SecurityException e) {
            partial = true;
        }
        return new Owners(pids, partial);
    }

    private String command(long pid) {
        try {
            String comm = Files.readString(proc.resolve(pid + "/comm"), StandardCharsets.UTF_8).trim();
            return comm.isEmpty() ? null : comm;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Listeners that accept connections to this address and port (exact address, or a wildcard of the family). */
    public static Optional<Listener> serving(List<Listener> all, InetAddress address, int port) {
        for (Listener l : all) {
            if (l.port() != port) continue;
            if (l.address().equals(address)) return Optional.of(l);
            // a wildcard :: listener also accepts IPv4 unless IPV6_V6ONLY, which /proc does not show
            if (l.wildcard() && (l.family().equals(Resolver.family(address)) || l.family().equals("IPv6"))) return Optional.of(l);
        }
        return Optional.empty();
    }
}
