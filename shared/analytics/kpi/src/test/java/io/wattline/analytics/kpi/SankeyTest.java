package io.wattline.analytics.kpi;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SankeyTest {

    @Test
    void valuesAndPercentagesAddUpAtEachLevel() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            List<Sankey.Factory> factories = new ArrayList<>();
            List<Sankey.MachineEnergy> machines = new ArrayList<>();
            int nf = 1 + rnd.nextInt(3);
            for (int f = 0; f < nf; f++) {
                UUID fid = UUID.randomUUID();
                factories.add(new Sankey.Factory(fid, "F" + f));
                int nm = rnd.nextInt(7);
                for (int m = 0; m < nm; m++) {
                    String dept = List.of("Production Floor", "Utilities", "HVAC").get(rnd.nextInt(3));
                    machines.add(new Sankey.MachineEnergy(UUID.randomUUID(), "M" + m, fid, rnd.nextInt(6) == 0 ? null : dept,
                            rnd.nextInt(8) == 0 ? 0 : rnd.nextDouble() * 5000));
                }
            }
            Sankey.Diagram d = Sankey.build(factories, machines);
            Map<String, List<Sankey.Link>> out = new HashMap<>();
            for (Sankey.Link l : d.links()) out.computeIfAbsent(l.source(), k -> new ArrayList<>()).add(l);
            Map<String, Double> inflow = new HashMap<>();
            for (Sankey.Link l : d.links()) inflow.put(l.target(), l.value());
            inflow.put("grid", d.totalEnergy());
            out.forEach((source, links) -> {
                BigDecimal values = BigDecimal.ZERO, pct = BigDecimal.ZERO;
                for (Sankey.Link l : links) {
                    values = values.add(BigDecimal.valueOf(l.value()));
                    pct = pct.add(BigDecimal.valueOf(l.percentage()));
                }
                assertEquals(0, values.compareTo(BigDecimal.valueOf(inflow.get(source))), source + " values add up");
                if (inflow.get(source) > 0.005) assertEquals(0, pct.compareTo(new BigDecimal("100")), source + " percentages add up");
            });
            assertEquals(machines.size(), d.machineCount());
            assertTrue(d.nodes().stream().filter(n -> n.level() == 3).count() == machines.size());
        }
    }

    @Test
    void seedShape() {
        UUID f = UUID.fromString("11111111-1111-1111-1111-111111111111");
        UUID m = UUID.fromString("c0000000-0000-0000-0000-000000000001");
        Sankey.Diagram d = Sankey.build(List.of(new Sankey.Factory(f, "Demo Manufacturing Plant")),
                List.of(new Sankey.MachineEnergy(m, "Compressor-1", f, "Utilities", 123.456)));
        assertEquals("grid", d.nodes().get(0).id());
        assertEquals("factory_" + f, d.nodes().get(1).id());
        assertEquals("dept_" + f + "_Utilities", d.nodes().get(2).id());
        assertEquals("machine_" + m, d.nodes().get(3).id());
        assertEquals(123.46, d.totalEnergy());
        assertEquals(100.0, d.links().get(2).percentage());
    }
}
