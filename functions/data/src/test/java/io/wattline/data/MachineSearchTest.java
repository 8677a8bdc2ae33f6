package io.wattline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MachineSearchTest {
    static final Factory MUNICH = new Factory(UUID.randomUUID(), "European Production Facility", "Munich, Germany",
            "Europe/Berlin", "EUR", "Germany");
    static final Machine HVAC = new Machine(UUID.randomUUID(), MUNICH.id(), null, "HVAC-EU-North", "hvac", 200, 400, 50, true);
    static final Machine PUMP = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Hydraulic-Pump-1", "pump", 45, 400, 50, true);

    @Test
    void spokenQueriesBecomeTerms() {
        assertEquals(List.of("compressor"), MachineSearch.terms("the compressors"));
        assertEquals(List.of("pump"), MachineSearch.terms("All PUMPS!"));
        assertEquals(List.of("hvac", "munich"), MachineSearch.terms("HVAC, Munich"));
        assertEquals(List.of("boxe"), MachineSearch.terms("boxes")); // plural endings, not a dictionary
    }

    @Test
    void everyTermMustMatchNameTypeOrPlace() {
        assertTrue(new MachineSearch("hvac munich").matches(HVAC, MUNICH));
        assertFalse(new MachineSearch("hvac munich").matches(PUMP, MUNICH));
        assertTrue(new MachineSearch("hydraulic pumps").matches(PUMP, MUNICH));
        assertTrue(new MachineSearch("").matches(PUMP, MUNICH));
        assertFalse(new MachineSearch("compressor").matches(PUMP, null));
    }

    @Test
    void aQueryOfNoLetterOrDigitFindsNothingAndFillerWordsFindAll() {
        // "!!!" or an emoji found every machine, as an empty search does
        assertFalse(new MachineSearch("!!!").matches(PUMP, MUNICH));
        assertFalse(new MachineSearch("\uD83D\uDE00").matches(HVAC, MUNICH));
        assertTrue(new MachineSearch("all machines").matches(PUMP, MUNICH));
    }

    @Test
    void numbersSpokenAsWordsAreDigitsAndMatchWholeAndTheMachineNamedComesFirst() {
        Machine c1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-1", "compressor", 50, 400, 50, true);
        Machine c10 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-10", "compressor", 50, 400, 50, true);
        Machine eu1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-EU-1", "compressor", 50, 400, 50, true);
        assertEquals(List.of("compressor", "1"), MachineSearch.terms("compressor one"));
        MachineSearch spoken = new MachineSearch("compressor one");
        assertTrue(spoken.matches(c1, MUNICH) && spoken.matches(eu1, MUNICH));
        assertFalse(spoken.matches(c10, MUNICH), "1 is not 10");
        assertTrue(spoken.names(c1) && !spoken.names(eu1) && new MachineSearch("Compressor-1").names(c1));
        assertTrue(new MachineSearch("comp").matches(c10, MUNICH), "a word's beginning still finds it");
        assertFalse(new MachineSearch("ressor").matches(c10, MUNICH), "inside a word is no match");
        // numbers compare by value on both sides, and letters apart from digits
        Machine lineOne = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Line One", "conveyor", 50, 400, 50, true);
        Machine c01 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-01", "compressor", 50, 400, 50, true);
        Machine press2 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Press2", "press", 50, 400, 50, true);
        assertTrue(new MachineSearch("line one").matches(lineOne, MUNICH) && new MachineSearch("line 1").matches(lineOne, MUNICH));
        assertTrue(new MachineSearch("line one").names(lineOne));
        assertTrue(spoken.matches(c01, MUNICH) && spoken.names(c01));
        assertTrue(new MachineSearch("press 2").matches(press2, MUNICH) && new MachineSearch("press two").names(press2));
        assertTrue(new MachineSearch("Press2").matches(press2, MUNICH));
    }

    /** A word no machine has is left out as the last resort: "air compressor" found nothing; a number is never left out. */
    @Test
    void wordsNoMachineHasAreLeftOutLast() {
        Machine c1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-1", "compressor", 50, 400, 50, true);
        List<Machine> plant = List.of(c1, HVAC, PUMP);
        java.util.Map<UUID, Factory> factories = java.util.Map.of(MUNICH.id(), MUNICH);
        MachineSearch air = new MachineSearch("air compressor");
        assertFalse(air.matches(c1, MUNICH) || air.matchesLoosely(c1, MUNICH));
        MachineSearch known = air.withoutUnknownWords(plant, factories);
        assertTrue(known.matches(c1, MUNICH) && !known.matches(PUMP, MUNICH));
        assertEquals(null, new MachineSearch("compressor 7").withoutUnknownWords(plant, factories), "7 names a machine: kept");
        assertEquals(null, new MachineSearch("zebra").withoutUnknownWords(plant, factories), "nothing would be left");
        assertEquals(null, new MachineSearch("chiller munich").withoutUnknownWords(plant, factories), "no kind of machine left");
        assertEquals(null, new MachineSearch("zebra 1").withoutUnknownWords(plant, factories), "a number alone names no machine");
        assertEquals(null, new MachineSearch("compressor").withoutUnknownWords(plant, factories), "nothing to leave out");
        // a short word is known only as a whole word: "ai" began "air"-less names' nothing, "in" began "injection"
        MachineSearch shortWord = new MachineSearch("ai compressor").withoutUnknownWords(plant, factories);
        assertTrue(shortWord.matches(c1, MUNICH), "ai names no word: left out");
        assertEquals(null, new MachineSearch("hvac eu").withoutUnknownWords(plant, factories), "eu is a whole word of HVAC-EU-North");
    }

    /**
     * Words after the kind of machine say which one or where, and stay: "conveyor b" answered Conveyor-A, "hvac eu
     * south" HVAC-EU-North and "compressor in california" a compressor in Munich, each without a word that it was
     * another machine; no machine is the better answer.
     */
    @Test
    void wordsAfterTheKindOfMachineAreNotLeftOut() {
        Machine c1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-1", "compressor", 50, 400, 50, true);
        Machine conveyorA = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Conveyor-A", "conveyor", 10, 400, 10, true);
        Machine hvacNorth = new Machine(UUID.randomUUID(), MUNICH.id(), null, "HVAC-EU-North", "hvac", 200, 400, 150, true);
        List<Machine> plant = List.of(c1, conveyorA, hvacNorth, PUMP);
        java.util.Map<UUID, Factory> factories = java.util.Map.of(MUNICH.id(), MUNICH);
        for (String q : List.of("conveyor b", "Conveyor-B", "hvac eu south", "compressor in california", "the compressor big")) {
            MachineSearch search = new MachineSearch(q);
            assertTrue(plant.stream().noneMatch(m -> search.matches(m, MUNICH)), q);
            assertEquals(null, search.withoutUnknownWords(plant, factories), q + ": nothing left out");
        }
        MachineSearch big = new MachineSearch("big old conveyor a").withoutUnknownWords(plant, factories);
        assertTrue(big.matches(conveyorA, MUNICH) && !big.matches(c1, MUNICH), "qualifiers before it are left out");
        // generic nouns after it are said of any machine of the kind (a review: these found nothing for a while)
        for (String q : List.of("conveyor belt", "hvac system", "pump motor", "hvac unit please")) {
            MachineSearch generic = new MachineSearch(q).withoutUnknownWords(plant, factories);
            assertTrue(generic != null && plant.stream().anyMatch(m -> generic.matches(m, MUNICH)), q);
        }
    }

    /** Prepositions are filler: "the compressor in Munich" found nothing ("in" matched no word but began "injection"). */
    @Test
    void prepositionsAreFillerWords() {
        Machine c1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-EU-1", "compressor", 50, 400, 50, true);
        assertEquals(List.of("compressor", "munich"), MachineSearch.terms("the compressor in Munich"));
        assertTrue(new MachineSearch("the compressor in Munich").matches(c1, MUNICH));
        assertTrue(new MachineSearch("the hvac at the plant in Germany").matches(HVAC, MUNICH), "plant is filler too");
    }

    /** What speech to text wrote for the demo plant's machines in a voice assistant's hunt (each found nothing). */
    @Test
    void spokenAndMisspeltFormsFindTheirMachine() {
        Machine c1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-1", "compressor", 50, 400, 50, true);
        Machine eu1 = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Compressor-EU-1", "compressor", 50, 400, 50, true);
        Machine molding = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Injection-Molding-1", "injection_molding", 120, 400, 50, true);
        for (String q : List.of("compressor number one", "compressor no. 1")) {
            assertTrue(new MachineSearch(q).matches(c1, MUNICH) && new MachineSearch(q).names(c1), q);
        }
        assertFalse(new MachineSearch("compresser 1").matches(c1, MUNICH), "misspelt: not in the first pass");
        assertTrue(new MachineSearch("compresser 1").matchesLoosely(c1, MUNICH), "but in the fallback");
        assertTrue(new MachineSearch("compressor e u 1").matches(eu1, MUNICH));
        assertTrue(new MachineSearch("compressor e u 1").names(eu1), "named, so it comes first");
        assertEquals(List.of("hvac", "main"), MachineSearch.terms("h v a c main"));
        // HVAC heard as "h vac": the two pieces make a word of the machine, in the fallback
        Machine hvacMain = new Machine(UUID.randomUUID(), MUNICH.id(), null, "HVAC-Main", "hvac", 80, 400, 50, true);
        assertFalse(new MachineSearch("h vac main").matches(hvacMain, MUNICH));
        assertTrue(new MachineSearch("h vac main").matchesLoosely(hvacMain, MUNICH));
        assertFalse(new MachineSearch("h vac main").matchesLoosely(PUMP, MUNICH));
        assertEquals(List.of("hvac", "main"), MachineSearch.joined(List.of("h", "vac", "main"), List.of("hvac", "main", "hvac")));
        assertEquals(List.of("main", "hvac"), MachineSearch.joined(List.of("main", "hvac"), List.of("hvac", "main")),
                "words that each begin one stay apart");
        assertEquals(List.of("ac", "unit"), MachineSearch.terms("a c unit"));
        for (String q : List.of("injection moulding machine", "injection molder")) {
            assertFalse(new MachineSearch(q).matches(molding, MUNICH), q);
            assertTrue(new MachineSearch(q).matchesLoosely(molding, MUNICH), q);
        }
        // spelt letters are one word on the machine's side too: its own name finds it
        Machine unitBc = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Unit B C", "pump", 50, 400, 50, true);
        assertTrue(new MachineSearch("unit b c").matches(unitBc, MUNICH) && new MachineSearch("unit b c").names(unitBc));
        // short words stay exact, and the fallback reads only the machine's own name and type, whole words
        assertFalse(new MachineSearch("pimp").matchesLoosely(PUMP, MUNICH));
        assertFalse(new MachineSearch("compactor").matchesLoosely(c1, MUNICH));
        Factory chile = new Factory(UUID.randomUUID(), "Planta Sur", "Santiago, Chile", "America/Santiago", "CLP", "Chile");
        Machine press = new Machine(UUID.randomUUID(), chile.id(), null, "Press-1", "press", 50, 400, 50, true);
        assertFalse(new MachineSearch("chiller").matchesLoosely(press, chile), "a chiller is no machine in Chile");
        Machine power = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Power-Unit-1", "generator", 50, 400, 50, true);
        assertFalse(new MachineSearch("tower").matchesLoosely(power, MUNICH), "another first letter is another word");
        Machine exchanger = new Machine(UUID.randomUUID(), MUNICH.id(), null, "Heat-Exchanger-1", "exchanger", 50, 400, 50, true);
        assertFalse(new MachineSearch("heater").matches(exchanger, MUNICH), "a stem only in the fallback");
        assertFalse(new MachineSearch("welding 1").names(new Machine(UUID.randomUUID(), MUNICH.id(), null, "Welder-1", "welder",
                50, 400, 50, true)), "names compares the words as said");
    }
}
