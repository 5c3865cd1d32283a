package dev.readygate.source.compose;

import dev.readygate.config.Interpolation.Failure;
import dev.readygate.config.YamlFile;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interpolation as Compose does it, in values: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or
 * empty), {@code ${VAR-default}} (unset), {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}; defaults and alternatives may hold references themselves; {@code $$} is a literal
 * {@code $}. An unset variable without a default is blank, as in Compose, and told to {@code unset}.
 */
final class ComposeInterpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OPERATOR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(:-|-|:\\?|\\?|:\\+|\\+)?");
    static final String FORMS = "write ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error} or ${NAME:+alt}, and $$ for a literal $";

    private final Map<String, String> env;
    private final Consumer<String> unset;

    /** @param unset told the name of each variable used unset without a default (it stands for a blank) */
    ComposeInterpolation(Map<String, String> env, Consumer<String> unset) {
        this.env = env;
        this.unset = unset;
    }

    String apply(String text) {
        if (text.indexOf('$') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c != '$') {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closing(text, i + 2);
                if (close < 0) throw new Failure("unclosed '${' in an interpolation", FORMS);
                out.append(braced(text.substring(i + 2, close)));
                i = close + 1;
            } else {
                Matcher m = NAME.matcher(text).region(i + 1, text.length());
                if (m.lookingAt()) {
                    out.append(variable(m.group()));
                    i = m.end();
                } else {
                    out.append(c); // a lone $ (e.g. before a space or a digit) is kept, as Compose keeps it
                    i++;
                }
            }
            if (out.length() > YamlFile.MAX_VALUE)
                throw new Failure("the value is longer than " + YamlFile.MAX_VALUE + " characters after interpolation (readygate's limit)",
                        "check what the variables hold");
        }
        return out.toString();
    }

    /** The index of the '}' that closes a '${' whose content starts at {@code from}, with nested '${...}'; -1 if none. */
    private static int closing(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private String braced(String inner) {
        Matcher m = OPERATOR.matcher(inner);
        if (!m.lookingAt())
            throw new Failure("'${" + inner + "}' is not a variable reference", FORMS + " (NAME: letters, digits and _)");
        String name = m.group(1);
        String op = m.group(2);
        if (op == null) {
            if (m.end() != inner.length())
                throw new Failure("'${" + inner + "}' is not a variable reference", FORMS);
            return variable(name);
        }
        String rest = inner.substring(m.end());
        String value = env.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        return switch (op) {
            case ":-" -> nonEmpty ? value : apply(rest);
            case "-" -> set ? value : apply(rest);
            case ":+" -> nonEmpty ? apply(rest) : "";
            case "+" -> set ? apply(rest) : "";
            default -> { // :? and ?
                boolean ok = op.equals("?") ? set : nonEmpty;
                if (!ok) throw new Failure("required variable " + name + " is " + (set ? "empty" : "not set")
                        + (rest.isEmpty() ? "" : ": " + apply(rest)), "set " + name + " in the environment or in .env");
                yield value;
            }
        };
    }

    private String variable(String name) {
        String value = env.get(name);
        if (value != null) return value;
        unset.accept(name);
        return "";
    }
}
