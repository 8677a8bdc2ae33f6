package io.wattline.analytics.kpi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The energy flow grid → factory → department → machine for one day, values in kWh.
 *
 * <p>Rounding: link values are given to {@value #DECIMALS} decimals and add up exactly at each level
 * (the factories' values to the rounded total, a factory's departments to the factory's rounded value,
 * a department's machines to the department's) by largest-remainder rounding of the exact values;
 * a link's {@code percentage} is its share of its source node's energy, also to {@value #DECIMALS}
 * decimals, and the percentages leaving a node add up to exactly 100 (all 0 when the node used no energy).
 */
public final class Sankey {
    public static final int DECIMALS = 2;
    public static final String UNASSIGNED = "Unassigned";

    private Sankey() {}

    public record Factory(UUID id, String name) {}

    /** One machine's energy of the day; a null department is shown as {@value #UNASSIGNED}. */
    public record MachineEnergy(UUID machineId, String machineName, UUID factoryId, String department, double energyKwh) {}

    public record Node(String id, String name, int level) {}

    public record Link(String source, String target, double value, double percentage) {}

    /** @param totalEnergy the rounded total (the sum of the grid's links) */
    public record Diagram(List<Node> nodes, List<Link> links, double totalEnergy, int factoryCount, int machineCount) {}

    public static String factoryNode(UUID factory) {
        return "factory_" + factory;
    }

    public static String departmentNode(UUID factory, String department) {
        return "dept_" + factory + "_" + department;
    }

    public static String machineNode(UUID machine) {
        return "machine_" + machine;
    }

    public static Diagram build(List<Factory> factories, List<MachineEnergy> machines) {
        List<Node> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        nodes.add(new Node("grid", "Grid", 0));

        // exact energies per level
        Map<UUID, Map<String, List<MachineEnergy>>> tree = new LinkedHashMap<>();
        for (Factory f : factories) tree.put(f.id(), new TreeMap<>());
        for (MachineEnergy m : machines) {
            Map<String, List<MachineEnergy>> depts = tree.get(m.factoryId());
            if (depts == null) continue; // a machine of a factory not shown
            depts.computeIfAbsent(m.department() == null || m.department().isBlank() ? UNASSIGNED : m.department(),
                    k -> new ArrayList<>()).add(m);
        }
        tree.values().forEach(d -> d.values().forEach(list -> list.sort(
                Comparator.comparing(MachineEnergy::machineName).thenComparing(MachineEnergy::machineId))));

        double[] factoryExact = new double[factories.size()];
        double total = 0;
        for (int i = 0; i < factories.size(); i++) {
            for (List<MachineEnergy> list : tree.get(factories.get(i).id()).values()) {
                for (MachineEnergy m : list) factoryExact[i] += m.energyKwh();
            }
            total += factoryExact[i];
        }
        double totalRounded = LargestRemainder.roundHalfUp(total, DECIMALS);
        double[] factoryValues = LargestRemainder.round(factoryExact, totalRounded, DECIMALS);
        double[] factoryPct = LargestRemainder.percentages(factoryExact, DECIMALS);

        int machineCount = 0;
        for (int i = 0; i < factories.size(); i++) {
            Factory f = factories.get(i);
            nodes.add(new Node(factoryNode(f.id()), f.name(), 1));
            links.add(new Link("grid", factoryNode(f.id()), factoryValues[i], factoryPct[i]));
            Map<String, List<MachineEnergy>> depts = tree.get(f.id());
            List<String> names = new ArrayList<>(depts.keySet());
            double[] deptExact = new double[names.size()];
            for (int d = 0; d < names.size(); d++) {
                for (MachineEnergy m : depts.get(names.get(d))) deptExact[d] += m.energyKwh();
            }
            double[] deptValues = LargestRemainder.round(deptExact, factoryValues[i], DECIMALS);
            double[] deptPct = LargestRemainder.percentages(deptExact, DECIMALS);
            for (int d = 0; d < names.size(); d++) {
                String deptId = departmentNode(f.id(), names.get(d));
                nodes.add(new Node(deptId, names.get(d), 2));
                links.add(new Link(factoryNode(f.id()), deptId, deptValues[d], deptPct[d]));
                List<MachineEnergy> list = depts.get(names.get(d));
                double[] mExact = list.stream().mapToDouble(MachineEnergy::energyKwh).toArray();
                double[] mValues = LargestRemainder.round(mExact, deptValues[d], DECIMALS);
                double[] mPct = LargestRemainder.percentages(mExact, DECIMALS);
                for (int k = 0; k < list.size(); k++) {
                    MachineEnergy m = list.get(k);
                    nodes.add(new Node(machineNode(m.machineId()), m.machineName(), 3));
                    links.add(new Link(deptId, machineNode(m.machineId()), mValues[k], mPct[k]));
                    machineCount++;
                }
            }
        }
        return new Diagram(List.copyOf(nodes), List.copyOf(links), totalRounded, factories.size(), machineCount);
    }
}
