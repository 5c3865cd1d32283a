package dev.readygate.source.nginx;

import dev.readygate.model.Origin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads nginx configuration files into a tree of {@link Directive}s, the way nginx's own
 * tokenizer (ngx_conf_file.c) reads them: quotes, backslash escapes, {@code ${var}}, comments,
 * any block, opaque {@code *_by_lua_block} bodies, and {@code include} with globs (sorted, hidden
 * files skipped) resolved against the main config's directory. Never opens a socket.
 *
 * <p>Errors are {@link NginxConfigException}s with nginx's wording and {@code FILE:LINE}.
 */
public final class NginxParser {
    /** Largest config file read (each file, and the whole of an {@code nginx -T} dump). */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Deepest include nesting followed. */
    public static final int MAX_INCLUDE_DEPTH = 16;
    /** Most files read for one config (main plus includes). */
    public static final int MAX_FILES = 512;
    /** Most bytes read for one config, all its files together. */
    public static final long MAX_TOTAL_BYTES = 8L * 1024 * 1024;
    /** Deepest nesting of blocks (http, server, location, if, ...), counted across includes. */
    public static final int MAX_NESTING = 64;
    /** Most directives in one config, all its files together (keeps a config within a small heap). */
    public static final int MAX_DIRECTIVES = 150_000;

    /** The marker {@code nginx -T} writes before each file. */
    static final Pattern DUMP_MARKER = Pattern.compile("^# configuration file (.+):\\s*$", Pattern.MULTILINE);

    /** Directives whose body is another language: read as balanced braces, not parsed. */
    private static boolean opaque(String name) {
        return name.endsWith("_by_lua_block");
    }

    /** Block directives (nginx says 'has no opening "{"' when one ends with ';'). */
    private static final Set<String> BLOCKS = Set.of("http", "events", "location", "upstream", "map", "geo", "if", "types",
            "limit_except", "stream", "mail", "split_clients", "match", "charset_map");
    /** Common simple directives (nginx says 'is not terminated by ";"' when one opens a block). */
    private static final Set<String> SIMPLE = Set.of("listen", "server_name", "root", "index", "return", "include", "set", "rewrite",
            "proxy_pass", "grpc_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "proxy_set_header", "add_header", "error_page",
            "access_log", "error_log", "try_files", "resolver", "proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout",
            "proxy_buffer_size", "proxy_buffers", "proxy_http_version", "proxy_ssl_verify", "proxy_ssl_server_name", "keepalive",
            "keepalive_timeout", "sendfile", "gzip", "worker_processes", "worker_connections", "pid", "user", "expires",
            "default_type", "client_max_body_size", "ssl_certificate", "ssl_certificate_key", "alias", "allow", "deny");

    /** A parsed configuration: its top-level directives (includes spliced in) and every file read. */
    public record Config(String main, List<Directive> directives, List<String> files) {
        public Config {
            directives = List.copyOf(directives);
            files = List.copyOf(files);
        }
    }

    private final Source source;
    private final boolean followIncludes;
    private final Set<String> files = new LinkedHashSet<>();
    private int filesRead;
    private long bytesRead;
    private int directiveCount;
    /** Directive names, kept once each: a large config repeats a few dozen names. */
    private final Map<String, String> names = new java.util.HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();

    private NginxParser(Source source, boolean followIncludes) {
        this.source = source;
        this.followIncludes = followIncludes;
    }

    /**
     * Parses the main config and everything it includes. A file that starts with nginx -T's
     * {@code # configuration file PATH:} marker is read as a saved dump ({@link #parseDump}).
     */
    public static Config parse(Path main) {
        DiskSource.checkReadable(main.toString());
        if (looksLikeDump(main)) {
            NginxParser reader = new NginxParser(new DiskSource(Path.of("")), false);
            return parseDump(reader.source.read(main.toString()), main.toString());
        }
        Path base = main.getParent();
        NginxParser p = new NginxParser(new DiskSource(base == null ? Path.of("") : base), true);
        String name = main.toString();
        return new Config(name, p.parseFile(name, null, 0, 0), List.copyOf(p.files));
    }

    /** Parses one file alone (a conf.d fragment, say): {@code include} directives are kept, not followed. */
    public static Config parseFragment(Path file) {
        Path base = file.getParent();
        NginxParser p = new NginxParser(new DiskSource(base == null ? Path.of("") : base), false);
        String name = file.toString();
        return new Config(name, p.parseFile(name, null, 0, 0), List.copyOf(p.files));
    }

    /** Parses text that is one file, named {@code name} in messages; includes are kept, not followed. */
    public static Config parseText(String text, String name) {
        NginxParser p = new NginxParser(new MapSource(Map.of(name, text), ""), false);
        return new Config(name, p.parseFile(name, null, 0, 0), List.copyOf(p.files));
    }

    /**
     * Parses the output of {@code nginx -T}: the files after each {@code # configuration file PATH:}
     * marker; the first is the main config, includes are resolved among the dumped files. Text
     * without markers is read as one file named {@code name}.
     */
    public static Config parseDump(String text, String name) {
        if (text.length() > MAX_FILE_BYTES)
            throw new NginxConfigException(name, 0, "input is larger than " + MAX_FILE_BYTES + " bytes (readygate's limit)");
        Map<String, String> dumped = splitDump(text);
        if (dumped.isEmpty()) return parseText(text, name);
        String main = dumped.keySet().iterator().next();
        int slash = main.lastIndexOf('/');
        NginxParser p = new NginxParser(new MapSource(dumped, slash < 0 ? "" : main.substring(0, slash)), true);
        return new Config(main, p.parseFile(main, null, 0, 0), List.copyOf(p.files));
    }

    /** Reads {@code in} fully (at most {@link #MAX_FILE_BYTES}) and parses it as {@link #parseDump}. */
    public static Config parseDump(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES)
            throw new NginxConfigException(name, 0, "input is larger than " + MAX_FILE_BYTES + " bytes (readygate's limit)");
        return parseDump(new String(bytes, StandardCharsets.UTF_8), name);
    }

    /** True when the first non-blank line (in the first 8 KiB) is nginx -T's marker. Only called for a regular file. */
    private static boolean looksLikeDump(Path file) {
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        String[] lines = head.split("\\R", -1);
        for (int i = 0; i < Math.min(20, lines.length); i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("nginx: ")) continue;
            return DUMP_MARKER.matcher(line).matches();
        }
        return false;
    }

    static Map<String, String> splitDump(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = DUMP_MARKER.matcher(text);
        String current = null;
        int start = 0;
        while (m.find()) {
            if (current != null) out.putIfAbsent(current, text.substring(start, m.start()));
            current = m.group(1).trim();
            start = m.end() + 1 > text.length() ? text.length() : m.end() + 1;
        }
        if (current != null) out.putIfAbsent(current, text.substring(start));
        return out;
    }

    /** Parses one file; {@code depth} counts includes, {@code nesting} the blocks the file is included in. */
    private List<Directive> parseFile(String file, Origin includedAt, int depth, int nesting) {
        if (stack.contains(file)) {
            List<String> chain = new ArrayList<>(stack);
            java.util.Collections.reverse(chain);
            int from = chain.indexOf(file);
            StringBuilder b = new StringBuilder("include cycle: ");
            for (String f : chain.subList(from, chain.size())) b.append(f).append(" -> ");
            b.append(file);
            throw new NginxConfigException(includedAt.file(), includedAt.line(), b.toString());
        }
        if (depth > MAX_INCLUDE_DEPTH)
            throw new NginxConfigException(includedAt.file(), includedAt.line(), "includes nested deeper than " + MAX_INCLUDE_DEPTH + " (readygate's limit)");
        if (filesRead >= MAX_FILES)
            throw new NginxConfigException(includedAt.file(), includedAt.line(), "more than " + MAX_FILES + " files included (readygate's limit)");
        String text;
        try {
            text = source.read(file);
        } catch (NginxConfigException e) {
            if (includedAt == null) throw e;
            throw new NginxConfigException(includedAt.file(), includedAt.line(), e.detail());
        }
        bytesRead += text.length();
        if (bytesRead > MAX_TOTAL_BYTES)
            throw new NginxConfigException(includedAt == null ? file : includedAt.file(), includedAt == null ? 0 : includedAt.line(),
                    "the config and its includes are larger than " + MAX_TOTAL_BYTES + " bytes together (readygate's limit)");
        files.add(file);
        filesRead++;
        stack.push(file);
        try {
            Lexer lx = new Lexer(text, file);
            List<Directive> out = new ArrayList<>();
            parseBlock(lx, out, null, depth, nesting, true);
            return out;
        } finally {
            stack.pop();
        }
    }

    /** Reads statements into {@code out} until the closing brace (or end of file at top level). */
    private void parseBlock(Lexer lx, List<Directive> out, String parent, int depth, int nesting, boolean top) {
        for (;;) {
            List<Lexer.Word> words = new ArrayList<>();
            int end = lx.statement(words);
            if (end == Lexer.EOF) {
                if (!top) throw lx.error("unexpected end of file, expecting \"}\"");
                return;
            }
            if (end == '}') {
                if (top) throw lx.error("unexpected \"}\"");
                return;
            }
            Lexer.Word head = words.get(0);
            if (++directiveCount > MAX_DIRECTIVES)
                throw new NginxConfigException(lx.file, head.line(), "more than " + MAX_DIRECTIVES + " directives (readygate's limit)");
            String name = names.computeIfAbsent(head.text(), n -> n);
            List<String> args = words.subList(1, words.size()).stream().map(Lexer.Word::text).toList();
            Origin origin = Origin.file(lx.file, head.line(), head.column());
            int endLine = lx.line();
            if (end == '{') {
                if (SIMPLE.contains(name) || ("server".equals(name) && "upstream".equals(parent)))
                    throw lx.error("directive \"" + name + "\" is not terminated by \";\"");
                if (opaque(name)) {
                    String body = lx.opaqueBody();
                    out.add(new Directive(name, args, List.of(), body, origin, endLine));
                    continue;
                }
                if (nesting >= MAX_NESTING)
                    throw new NginxConfigException(lx.file, head.line(), "blocks nested deeper than " + MAX_NESTING + " (readygate's limit)");
                List<Directive> children = new ArrayList<>();
                parseBlock(lx, children, name, depth, nesting + 1, false);
                out.add(new Directive(name, args, children, null, origin, endLine));
            } else {
                if (BLOCKS.contains(name) || ("server".equals(name) && parent != null && !"upstream".equals(parent)) || opaque(name))
                    throw lx.error("directive \"" + name + "\" has no opening \"{\"");
                if ("include".equals(name) && followIncludes) {
                    if (args.size() != 1) throw lx.error("invalid number of arguments in \"include\" directive");
                    for (String f : source.resolve(args.get(0), lx.file, head.line()))
                        out.addAll(parseFile(f, origin, depth + 1, nesting));
                    continue;
                }
                out.add(new Directive(name, args, null, null, origin, endLine));
            }
        }
    }

    /** Where file text comes from: the disk, or the files of an nginx -T dump. */
    private interface Source {
        String read(String file);

        /** The files an include argument names, in nginx's order; errors for a missing non-glob file. */
        List<String> resolve(String pattern, String fromFile, int line);
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static final class DiskSource implements Source {
        private final Path base;

        DiskSource(Path base) {
            this.base = base;
        }

        /**
         * Refuses what is not a regular file before opening it: opening a FIFO blocks until a writer
         * comes, and a device (/dev/zero) never ends.
         */
        static void checkReadable(String file) {
            Path p;
            try {
                p = Path.of(file);
            } catch (java.nio.file.InvalidPathException e) {
                throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (not a path: " + e.getReason() + ")");
            }
            if (Files.isDirectory(p)) throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (21: Is a directory)");
            if (!Files.exists(p)) throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (2: No such file or directory)");
            if (!Files.isRegularFile(p))
                throw new NginxConfigException(file, 0, "open() \"" + file
                        + "\" refused (not a regular file: readygate reads only regular files, not FIFOs, devices or sockets)");
        }

        @Override
        public String read(String file) {
            checkReadable(file);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            } catch (NoSuchFileException e) {
                throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (2: No such file or directory)");
            } catch (AccessDeniedException e) {
                throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (13: Permission denied)");
            } catch (IOException e) {
                throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (" + e.getMessage() + ")");
            }
            if (bytes.length > MAX_FILE_BYTES)
                throw new NginxConfigException(file, 0, "file is larger than " + MAX_FILE_BYTES + " bytes (readygate's limit)");
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public List<String> resolve(String pattern, String fromFile, int line) {
            Path p = Path.of(pattern);
            Path full = p.isAbsolute() ? p : base.resolve(p);
            full = full.normalize();
            if (!isGlob(pattern)) return List.of(full.toString());
            List<Path> matches = new ArrayList<>();
            Path root = full.getRoot();
            glob(root == null ? Path.of("") : root, full, 0, matches);
            List<String> out = new ArrayList<>();
            for (Path m : matches) out.add(m.toString());
            return out;
        }

        private static void glob(Path dir, Path pattern, int index, List<Path> out) {
            if (index == pattern.getNameCount()) {
                if (Files.isRegularFile(dir)) out.add(dir);
                return;
            }
            String seg = pattern.getName(index).toString();
            if (!isGlob(seg)) {
                Path next = dir.toString().isEmpty() ? Path.of(seg) : dir.resolve(seg);
                if (Files.exists(next)) glob(next, pattern, index + 1, out);
                return;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + seg.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}"));
            List<Path> names = new ArrayList<>();
            Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(listed)) {
                for (Path child : ds) {
                    String n = child.getFileName().toString();
                    if (n.startsWith(".") && !seg.startsWith(".")) continue;
                    if (m.matches(Path.of(n))) names.add(dir.toString().isEmpty() ? Path.of(n) : dir.resolve(n));
                }
            } catch (IOException e) {
                return;
            }
            names.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            for (Path n : names) glob(n, pattern, index + 1, out);
        }
    }

    private static final class MapSource implements Source {
        private final Map<String, String> files;
        private final String base;

        MapSource(Map<String, String> files, String base) {
            this.files = files;
            this.base = base;
        }

        @Override
        public String read(String file) {
            String t = files.get(file);
            if (t == null) throw new NginxConfigException(file, 0, "open() \"" + file + "\" failed (2: No such file or directory; not in the nginx -T output)");
            return t;
        }

        @Override
        public List<String> resolve(String pattern, String fromFile, int line) {
            String full = pattern.startsWith("/") || base.isEmpty() ? pattern : base + "/" + pattern;
            full = Path.of(full).normalize().toString();
            if (!isGlob(pattern)) return List.of(full);
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + full);
            List<String> out = new ArrayList<>();
            for (String f : files.keySet()) {
                String name = f.substring(f.lastIndexOf('/') + 1);
                if (m.matches(Path.of(f)) && !(name.startsWith(".") && !full.substring(full.lastIndexOf('/') + 1).startsWith(".")))
                    out.add(f);
            }
            out.sort(String::compareTo);
            return out;
        }
    }
}
