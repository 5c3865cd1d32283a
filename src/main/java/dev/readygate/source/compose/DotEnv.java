package dev.readygate.source.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Compose {@code .env} file: {@code NAME=value} lines, an optional {@code export }, comments ({@code #} at
 * the start, or after a space in an unquoted value), values in single quotes (literal) or double quotes
 * (with {@code \n}, {@code \"} and {@code \\} escapes); blank lines are skipped.
 */
final class DotEnv {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private DotEnv() {
    }

    /** @throws ComposeException {@code FILE:LINE: ...} for a line that is no assignment */
    static Map<String, String> parse(String text, String display) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            String name = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (!NAME.matcher(name).matches())
                throw new ComposeException(display + ":" + (n + 1) + ": not a variable assignment; write NAME=value");
            if (eq < 0) continue; // a bare NAME takes its value from the environment: nothing to add here
            out.put(name, value(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String value(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.indexOf('\'', 1) > 0) return v.substring(1, v.indexOf('\'', 1));
        if (v.length() >= 2 && v.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') return sb.toString();
                if (c == '\\' && i + 1 < v.length()) {
                    char e = v.charAt(++i);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int hash = v.indexOf(" #");
        return (hash < 0 ? v : v.substring(0, hash)).strip();
    }
}
