package dev.readygate.base;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelt keys and variable names. */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate closest to {@code word}, ignoring case: the one with the smallest Levenshtein
     * distance if that is at most 2 (or at most a third of the word's length, for long words) and
     * smaller than the word itself; otherwise the only candidate that starts with the word (or that
     * the word starts with). Ties go to the earlier candidate.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        if (word == null || word.isEmpty()) return Optional.empty();
        String w = word.toLowerCase(Locale.ROOT);
        int limit = Math.min(Math.max(2, w.length() / 3), w.length() - 1);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= limit) return Optional.of(best);
        if (w.length() < 2) return Optional.empty();
        String prefixed = null;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            if (lc.startsWith(w) || w.startsWith(lc)) {
                if (prefixed != null) return Optional.empty();
                prefixed = c;
            }
        }
        return Optional.ofNullable(prefixed);
    }

    /** Levenshtein distance (insert, delete, substitute; each costs 1). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
