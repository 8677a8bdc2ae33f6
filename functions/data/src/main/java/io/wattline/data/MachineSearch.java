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
 * and Compressor-EU-1), numbers spoken as words read as digits (speech to text writes "compressor one"), "number" and
 * "no." before a number are filler too, and letters spelt one by one are one word on both sides ("h v a c" is hvac).
 * A machine whose name is the query itself comes first ({@link #names}).
 *
 * <p>Only where no machine matches so ({@link #matchesLoosely}): two words may be one of the machine's heard in two
 * ("h vac main" finds HVAC-Main), and a word of the machine's name or type may be the
 * query's word one letter off ("compresser", "moulding"), or begin with its stem without -ing or -er ("molder" finds
 * Molding). Not before: "tower" would find Power-Unit, "heater" Heat-Exchanger, "chiller" a factory in Chile. And
 * only where that finds none either, words no machine has are left out ({@link #withoutUnknownWords}: "air compressor").
 */
final class MachineSearch {
    private final List<String> terms;
    /** A query of no letter or digit at all ("!!!", an emoji): it names nothing, so it finds nothing. */
    private final boolean unmatchable;

    MachineSearch(String query) {
        this.terms = terms(query);
        this.unmatchable = !query.isBlank() && normalise(query).isEmpty();
    }

    /**
     * Filler words, prepositions among them ("the compressor in Munich": "in" began "injection" and found nothing), and
     * words for where every machine is ("the hvac at the plant").
     */
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "all", "my", "of", "machine", "machines",
            "number", "no", "nr", "in", "at", "on", "for", "from", "near", "by", "our", "that", "this", "plant", "plants",
            "factory", "factories", "site", "please");
    private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty");
    /** The shortest word that may be one letter off: shorter ones ("pump", "eu") would find too much. */
    private static final int FUZZY_LENGTH = 5;

    /** Words of a spoken query, lower case, without filler words and plural endings ("the compressors" → compressor). */
    static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        for (String w : spelt(words(query))) {
            if (STOP_WORDS.contains(w)) continue;
            if (!isNumber(w) && w.length() > 4 && w.endsWith("es") && !w.endsWith("ses")) w = w.substring(0, w.length() - 1);
            if (!isNumber(w) && w.length() > 3 && w.endsWith("s")) w = w.substring(0, w.length() - 1);
            terms.add(w);
        }
        return terms;
    }

    /**
     * Single letters in a row as one word ("h v a c" → hvac, "a c unit" → ac unit): speech to text spells out what it
     * does not know as a word. A letter alone stays itself (and "a" alone an article).
     */
    static List<String> spelt(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            int j = i;
            StringBuilder run = new StringBuilder();
            while (j < words.size() && isLetter(words.get(j))) run.append(words.get(j++));
            if (j - i >= 2) {
                out.add(run.toString());
                i = j - 1;
            } else {
                out.add(words.get(i));
            }
        }
        return out;
    }

    private static boolean isLetter(String w) {
        return w.length() == 1 && !isNumber(w);
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

    /** Whether the query finds the machine: every term begins a word of its name, type, factory or location. */
    boolean matches(Machine m, Factory f) {
        if (unmatchable) return false;
        if (terms.isEmpty()) return true; // empty, or filler words only ("all machines")
        List<String> words = spelt(words(m.name() + " " + m.type() + " " + (f == null ? "" : f.name() + " " + f.location())));
        return terms.stream().allMatch(t -> words.stream().anyMatch(w -> isNumber(t) ? w.equals(t) : w.startsWith(t)));
    }

    /**
     * The fallback where {@link #matches} finds no machine: each term as there, or, of five letters or more, one letter
     * off a whole word of the machine's name or type (its first letter kept), or its stem without -ing or -er beginning one.
     */
    boolean matchesLoosely(Machine m, Factory f) {
        if (unmatchable || terms.isEmpty()) return false;
        List<String> own = spelt(words(m.name() + " " + m.type()));
        List<String> all = spelt(words(m.name() + " " + m.type() + " " + (f == null ? "" : f.name() + " " + f.location())));
        return joined(terms, all).stream().allMatch(t -> isNumber(t) ? all.contains(t)
                : all.stream().anyMatch(w -> w.startsWith(t)) || own.stream().anyMatch(w -> near(t, w)));
    }

    /**
     * The terms with a word split in two put back together where the two begin a word of the machine and the second
     * alone begins none ("h vac main": speech to text heard HVAC as "h vac").
     */
    static List<String> joined(List<String> terms, List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i);
            if (i + 1 < terms.size() && !isNumber(t) && !isNumber(terms.get(i + 1))) {
                String next = terms.get(i + 1), both = t + next;
                if (words.stream().noneMatch(w -> w.startsWith(next)) && words.stream().anyMatch(w -> w.startsWith(both))) {
                    out.add(both);
                    i++;
                    continue;
                }
            }
            out.add(t);
        }
        return out;
    }

    /** A term that is a word one letter off, or whose stem (without -ing or -er) begins it. */
    static boolean near(String term, String word) {
        // the first letter as said: a word misheard keeps its start ("compresser"); "tower" is not "power"
        if (term.length() >= FUZZY_LENGTH && !word.isEmpty() && term.charAt(0) == word.charAt(0) && edits(term, word) <= 1) return true;
        String stem = term.length() >= 7 && term.endsWith("ing") ? term.substring(0, term.length() - 3)
                : term.length() >= 6 && term.endsWith("er") ? term.substring(0, term.length() - 2) : null;
        return stem != null && word.startsWith(stem);
    }

    /** Levenshtein distance, stopping early past 1. */
    static int edits(String a, String b) {
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

    /** Words for a machine's parts or for machines in general, said after its kind ("conveyor belt", "hvac system"). */
    private static final Set<String> GENERIC_NOUNS = Set.of("system", "unit", "belt", "motor", "equipment", "device",
            "drive", "asset", "installation");

    /**
     * The last resort where neither pass finds a machine: the query without its words that begin no word of any of
     * these machines (their names, types, factories and locations) and come before the first word that names a kind of
     * machine: a qualifier the catalogue does not know ("air compressor" found nothing, no machine word being "air").
     * Words after it stay, as numbers do, unless they are generic nouns ("conveyor belt", "hvac system"): they say which
     * one or where ("conveyor b" answered Conveyor-A, "hvac eu south" HVAC-EU-North, "compressor in california" a
     * compressor in Munich), and no machine is better than another. Null when no word was dropped or none would be left.
     */
    MachineSearch withoutUnknownWords(java.util.Collection<Machine> machines, java.util.Map<java.util.UUID, Factory> factories) {
        if (unmatchable) return null;
        java.util.Set<String> known = new java.util.HashSet<>(), machineWords = new java.util.HashSet<>();
        for (Machine m : machines) {
            Factory f = factories.get(m.factoryId());
            machineWords.addAll(spelt(words(m.name() + " " + m.type())));
            known.addAll(spelt(words(m.name() + " " + m.type() + " " + (f == null ? "" : f.name() + " " + f.location()))));
        }
        // a word of one or two letters is known only as a whole word ("eu"), not as the start of one
        java.util.function.Predicate<String> isKnown = t -> isNumber(t) || known.stream().anyMatch(w -> t.length() < 3 ? w.equals(t)
                : w.startsWith(t));
        int head = 0; // the first word that names a kind of machine
        while (head < terms.size()) {
            String t = terms.get(head);
            if (!isNumber(t) && machineWords.stream().anyMatch(w -> w.startsWith(t))) break;
            head++;
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i);
            if (isKnown.test(t) || i >= head && !GENERIC_NOUNS.contains(t)) kept.add(t);
        }
        // what is kept must still name a kind of machine: "chiller munich" without a chiller is not every machine in
        // Munich, nor "zebra 7" machine 7
        boolean namesMachines = kept.stream().anyMatch(t -> !isNumber(t) && machineWords.stream().anyMatch(w -> w.startsWith(t)));
        return !namesMachines || kept.size() == terms.size() ? null : new MachineSearch(kept);
    }

    private MachineSearch(List<String> terms) {
        this.terms = List.copyOf(terms);
        this.unmatchable = false;
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
