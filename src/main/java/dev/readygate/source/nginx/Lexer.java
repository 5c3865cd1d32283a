package dev.readygate.source.nginx;

import java.util.List;

/** nginx's tokenizer (ngx_conf_read_token), statement by statement, with its error wording. */
final class Lexer {
    static final int EOF = -1;

    record Word(String text, int line, int column, boolean quoted) {
    }

    final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    Lexer(String text, String file) {
        this.text = text;
        this.file = file;
    }

    /** The current line (after the last token read). */
    int line() {
        return line;
    }

    NginxConfigException error(String message) {
        return new NginxConfigException(file, line, message);
    }

    private int next() {
        char ch = text.charAt(pos++);
        if (ch == '\n') {
            line++;
            lineStart = pos;
        }
        return ch;
    }

    private static boolean space(int ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    /**
     * Reads the words of one statement into {@code words} and returns what ended it: ';', '{',
     * '}' (only with no words) or EOF (only with no words).
     */
    int statement(List<Word> words) {
        boolean lastSpace = true, needSpace = false, sQuoted = false, dQuoted = false, quoted = false, variable = false, comment = false;
        int start = 0, startLine = 0, startCol = 0;
        for (;;) {
            if (pos >= text.length()) {
                if (!words.isEmpty() || !lastSpace) throw error("unexpected end of file, expecting \";\" or \"}\"");
                return EOF;
            }
            int col = pos - lineStart + 1;
            int ch = next();
            if (ch == '\n' && comment) {
                comment = false;
                continue;
            }
            if (comment) continue;
            if (quoted) {
                quoted = false;
                continue;
            }
            if (needSpace) {
                if (space(ch)) {
                    lastSpace = true;
                    needSpace = false;
                    continue;
                }
                if (ch == ';') return ';';
                if (ch == '{') return '{';
                if (ch == ')') {
                    lastSpace = true;
                    needSpace = false;
                } else {
                    throw error("unexpected \"" + (char) ch + "\"");
                }
            }
            if (lastSpace) {
                start = pos - 1;
                startLine = line;
                startCol = col;
                if (space(ch)) continue;
                switch (ch) {
                    case ';':
                    case '{':
                        if (words.isEmpty()) throw error("unexpected \"" + (char) ch + "\"");
                        return ch;
                    case '}':
                        if (!words.isEmpty()) throw error("unexpected \"}\"");
                        return '}';
                    case '#':
                        comment = true;
                        continue;
                    case '\\':
                        quoted = true;
                        lastSpace = false;
                        continue;
                    case '"':
                        start++;
                        dQuoted = true;
                        lastSpace = false;
                        continue;
                    case '\'':
                        start++;
                        sQuoted = true;
                        lastSpace = false;
                        continue;
                    case '$':
                        variable = true;
                        lastSpace = false;
                        continue;
                    default:
                        lastSpace = false;
                        continue;
                }
            }
            if (ch == '{' && variable) continue;
            variable = false;
            if (ch == '\\') {
                quoted = true;
                continue;
            }
            if (ch == '$') {
                variable = true;
                continue;
            }
            boolean found = false;
            boolean wasQuoted = dQuoted || sQuoted;
            if (dQuoted) {
                if (ch == '"') {
                    dQuoted = false;
                    needSpace = true;
                    found = true;
                }
            } else if (sQuoted) {
                if (ch == '\'') {
                    sQuoted = false;
                    needSpace = true;
                    found = true;
                }
            } else if (space(ch) || ch == ';' || ch == '{') {
                lastSpace = true;
                found = true;
            }
            if (found) {
                words.add(new Word(unescape(text.substring(start, pos - 1)), startLine, startCol, wasQuoted));
                if (ch == ';') return ';';
                if (ch == '{') return '{';
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case '"', '\'', '\\' -> {
                        b.append(n);
                        i++;
                        continue;
                    }
                    case 't' -> {
                        b.append('\t');
                        i++;
                        continue;
                    }
                    case 'r' -> {
                        b.append('\r');
                        i++;
                        continue;
                    }
                    case 'n' -> {
                        b.append('\n');
                        i++;
                        continue;
                    }
                    default -> {
                    }
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * After the '{' of an opaque block (Lua): reads up to the matching '}' and returns the body.
     * Skips Lua strings ('...', "...", [[...]], [=[...]=]) and comments (-- to end of line, --[[...]]).
     */
    String opaqueBody() {
        int begin = pos;
        int depth = 1;
        int openLine = line;
        while (pos < text.length()) {
            int ch = next();
            if (ch == '"' || ch == '\'') {
                while (pos < text.length()) {
                    int c = next();
                    if (c == '\\' && pos < text.length()) next();
                    else if (c == ch || c == '\n') break;
                }
            } else if (ch == '-' && pos < text.length() && text.charAt(pos) == '-') {
                next();
                if (!longBracket()) while (pos < text.length() && next() != '\n') {
                    // comment to end of line
                }
            } else if (ch == '[' && longBracketAt(pos - 1) >= 0) {
                pos--;
                longBracket();
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                if (--depth == 0) return text.substring(begin, pos - 1);
            }
        }
        throw new NginxConfigException(file, line, "unexpected end of file, expecting \"}\" (the block opened at line " + openLine + ")");
    }

    /** The level of a Lua long bracket opening at {@code at} ([[ is 0, [=[ is 1), or -1. */
    private int longBracketAt(int at) {
        if (at >= text.length() || text.charAt(at) != '[') return -1;
        int i = at + 1, level = 0;
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
            level++;
        }
        return i < text.length() && text.charAt(i) == '[' ? level : -1;
    }

    /** Skips a long bracket string starting at pos, if there is one. */
    private boolean longBracket() {
        int level = longBracketAt(pos);
        if (level < 0) return false;
        String close = "]" + "=".repeat(level) + "]";
        int end = text.indexOf(close, pos + level + 2);
        int to = end < 0 ? text.length() : end + close.length();
        while (pos < to) next();
        return true;
    }
}
