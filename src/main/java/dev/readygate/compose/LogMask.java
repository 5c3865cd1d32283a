package dev.readygate.compose;

import dev.readygate.model.Redact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what a service's log may say of its secrets, before the line reaches the output (where URL passwords, token
 * query values and credential headers are masked as everywhere): the values the project's environment gives to
 * secret-looking names (POSTGRES_PASSWORD, API_TOKEN, ...), wherever they appear, and the value after such a name and
 * '=' or ':' ({@code password=hunter2}, {@code "api_key": "abc"}).
 */
final class LogMask {
    private static final Pattern ASSIGNED = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]{0,63})(\"?\\s{0,3}[=:]\\s{0,3}[\"']?)([^\\s\"',;&]+)");
    private final List<String> secrets;

    LogMask(Set<String> secrets) {
        List<String> s = new ArrayList<>(secrets);
        s.sort(Comparator.comparingInt(String::length).reversed()); // a longer secret first: it may hold a shorter one
        this.secrets = List.copyOf(s);
    }

    String line(String line) {
        String out = line;
        for (String s : secrets) out = out.replace(s, Redact.MASK);
        Matcher m = ASSIGNED.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = Redact.isSecretName(m.group(1)) && !m.group(3).equals(Redact.MASK) ? m.group(1) + m.group(2) + Redact.MASK : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
