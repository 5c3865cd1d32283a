package dev.readygate.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in config values; {@code $$} is a literal {@code $};
 * any other {@code $} is kept as is. The default is used when the variable is unset or empty.
 */
public final class Interpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String FORMS = "write ${NAME} or ${NAME:-default}, and $$ for a literal $";
    /** Longest value, as written and after interpolation (a URL, a header, a request body is a few KB at most). */
    static final int MAX_VALUE = 8192;

    /** The text after interpolation; {@code fromEnv} when at least one variable was substituted. */
    record Result(String text, boolean fromEnv) {
    }

    /** An unusable reference; the message has two parts so that the caller can say where (Compose's interpolation throws it too). */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final String what;
        public final String fix;

        public Failure(String what, String fix) {
            super(what + "; " + fix, null, false, false);
            this.what = what;
            this.fix = fix;
        }
    }

    private Interpolation() {
    }

    static Result apply(String text, Map<String, String> env) {
        if (text.indexOf('$') < 0) return new Result(text, false);
        StringBuilder out = new StringBuilder(text.length());
        boolean fromEnv = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) throw new Failure("unclosed '${'", FORMS);
                String inner = text.substring(i + 2, close);
                int sep = inner.indexOf(":-");
                String name = sep < 0 ? inner : inner.substring(0, sep);
                if (!NAME.matcher(name).matches())
                    throw new Failure("'${" + inner + "}' is not a variable reference", FORMS + " (NAME: letters, digits and _)");
                String value = env.get(name);
                if (sep >= 0 && (value == null || value.isEmpty())) {
                    value = inner.substring(sep + 2);
                } else if (value == null) {
                    throw new Failure("environment variable " + name + " is not set", "set it, or write ${" + name + ":-default}");
                } else {
                    fromEnv = true;
                }
                if (out.length() + value.length() > MAX_VALUE)
                    throw new Failure("the value is longer than " + MAX_VALUE + " characters after interpolating ${" + name + "} (readygate's limit)",
                            "check what " + name + " holds; a value is a URL, a header or a short body");
                out.append(value);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), fromEnv);
    }
}
