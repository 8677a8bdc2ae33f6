package io.wattline.data;

import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code search} filter of {@code GET /api/v1/machines}, made for spoken queries: every word must
 * appear in the machine's name, type, factory name or location, case and punctuation ignored, filler
 * words and plural endings dropped ("the compressors" finds Compressor-1 and Compressor-EU-1).
 */
final class MachineSearch {
    private final List<String> terms;
    /** A query of no letter or digit at all ("!!!", an emoji): it names nothing, so it finds nothing. */
    private final boolean unmatchable;

    MachineSearch(String query) {
        this.terms = terms(query);
        this.unmatchable = !query.isBlank() && normalise(query).isEmpty();
    }

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "all", "my", "of", "machine", "machines");

    /** Words of a spoken query, lower case, without filler words and plural endings ("the compressors" → compressor). */
    static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        for (String w : normalise(query).split(" ")) {
            if (w.isEmpty() || STOP_WORDS.contains(w)) continue;
            if (w.length() > 4 && w.endsWith("es") && !w.endsWith("ses")) w = w.substring(0, w.length() - 1);
            if (w.length() > 3 && w.endsWith("s")) w = w.substring(0, w.length() - 1);
            terms.add(w);
        }
        return terms;
    }

    boolean matches(Machine m, Factory f) {
        if (unmatchable) return false;
        if (terms.isEmpty()) return true; // empty, or filler words only ("all machines")
        String haystack = normalise(m.name() + " " + m.type() + " " + (f == null ? "" : f.name() + " " + f.location()));
        return terms.stream().allMatch(haystack::contains);
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
