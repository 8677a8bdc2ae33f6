package io.wattline.data;

import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code search} filter of {@code GET /api/v1/machines}, made for spoken queries: every word must
 * begin a word of the machine's name, type, factory name or location (a number must be one of them whole: "1" is not
 * "10"), case and punctuation ignored, filler words and plural endings dropped ("the compressors" finds Compressor-1
 * and Compressor-EU-1), and numbers spoken as words read as digits (speech to text writes "compressor one"); "number"
 * and "no." before a number are filler too, letters spelt out one by one are one word ("h v a c" is hvac, "e u" eu),
 * a word's -ing or -er is left out ("molder" finds Molding), and a word of five letters or more may be one letter off
 * ("compresser", "moulding").
 * A machine whose name is the query itself comes first ({@link #names}).
 */
final class MachineSearch {
    private final List<String> terms;
    /** A query of no letter or digit at all ("!!!", an emoji): it names nothing, so it finds nothing. */
    private final boolean unmatchable;

    MachineSearch(String query) {
        this.terms = terms(query);
        this.unmatchable = !query.isBlank() && normalise(query).isEmpty();
    }

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "all", "my", "of", "machine", "machines",
            "number", "no", "nr");
    /** The shortest term that may be one letter off: shorter ones ("pump", "eu") would find too much. */
    private static final int FUZZY_LENGTH = 5;
    private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty");

    /** Words of a spoken query, lower case, without filler words and plural endings ("the compressors" → compressor). */
    static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        boolean spelling = false; // the last term is letters spelt out one by one
        for (String w : words(query)) {
            boolean letter = w.length() == 1 && !isNumber(w);
            if (STOP_WORDS.contains(w) && !(letter && spelling)) { // the "a" of "h v a c" is spelt, not an article
                spelling = false;
                continue;
            }
            if (letter) {
                if (spelling) terms.set(terms.size() - 1, terms.getLast() + w);
                else terms.add(w);
                spelling = true;
                continue;
            }
            spelling = false;
            if (!isNumber(w) && w.length() > 4 && w.endsWith("es") && !w.endsWith("ses")) w = w.substring(0, w.length() - 1);
            if (!isNumber(w) && w.length() > 3 && w.endsWith("s")) w = w.substring(0, w.length() - 1);
            // the doer or the doing of a word ("molder", "heating"): its stem begins the name's word as well
            if (w.length() >= 7 && w.endsWith("ing")) w = w.substring(0, w.length() - 3);
            else if (w.length() >= 6 && w.endsWith("er")) w = w.substring(0, w.length() - 2);
            terms.add(w);
        }
        return terms;
    }

    /**
     * The words of a text as search compares them: lower case, letters apart from digits ("Press2" is press 2), a
     * number written out as its digits ("one" is 1) and without leading zeros ("01" is 1).
     */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : normalise(text).replaceAll("(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})", " ").split(" ")) {
            if (w.isEmpty()) continue;
            int number = NUMBERS.indexOf(w);
            if (number >= 0) w = Integer.toString(number);
            else if (isNumber(w)) w = w.replaceFirst("^0+(?=.)", "");
            out.add(w);
        }
        return out;
    }

    boolean matches(Machine m, Factory f) {
        if (unmatchable) return false;
        if (terms.isEmpty()) return true; // empty, or filler words only ("all machines")
        List<String> words = words(m.name() + " " + m.type() + " " + (f == null ? "" : f.name() + " " + f.location()));
        return terms.stream().allMatch(t -> words.stream().anyMatch(w -> isNumber(t) ? w.equals(t)
                : w.startsWith(t) || t.length() >= FUZZY_LENGTH && oneOffPrefix(t, w)));
    }

    /** Whether {@code term} is one edit (a letter changed, added or left out) from the beginning of {@code word}. */
    static boolean oneOffPrefix(String term, String word) {
        for (int len = term.length() - 1; len <= term.length() + 1; len++) {
            if (len <= word.length() && edits(term, word.substring(0, len)) <= 1) return true;
        }
        return false;
    }

    /** Levenshtein distance, stopping early past 1. */
    private static int edits(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) return 2;
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int best = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                best = Math.min(best, cur[j]);
            }
            if (best > 1) return 2;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Whether the query names this machine itself ("compressor one" is Compressor-1, not Compressor-EU-1). */
    boolean names(Machine m) {
        return !terms.isEmpty() && terms.equals(terms(m.name()));
    }

    private static boolean isNumber(String term) {
        return !term.isEmpty() && term.chars().allMatch(Character::isDigit);
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
