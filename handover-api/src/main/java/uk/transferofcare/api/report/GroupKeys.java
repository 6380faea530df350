package uk.transferofcare.api.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Which groups a report lists, and in what order, given the groups its query found cases in. */
final class GroupKeys {

    private GroupKeys() {}

    /**
     * The groups a report lists, in order: every value of an enumerated dimension, the values found of the others;
     * with two dimensions, each found combination of the non-enumerated values crossed with every enumerated value.
     */
    static List<List<String>> listed(ReportQuery query, Set<List<String>> found) {
        List<GroupBy> dimensions = query.groupBy();
        // For each found key, the part of it in non-enumerated dimensions (null where enumerated), in order.
        SortedSet<List<String>> partial = new TreeSet<>(GroupKeys::compare);
        for (List<String> keys : found) {
            List<String> part = new ArrayList<>(keys);
            for (int i = 0; i < dimensions.size(); i++) {
                if (dimensions.get(i).isEnumerated()) {
                    part.set(i, "");
                }
            }
            partial.add(part);
        }
        List<List<String>> values = new ArrayList<>();
        for (GroupBy dimension : dimensions) {
            values.add(dimension.isEnumerated() ? dimension.enumerate(query.from(), query.to()) : null);
        }
        List<List<String>> all = new ArrayList<>();
        if (dimensions.stream().allMatch(GroupBy::isEnumerated)) {
            partial = new TreeSet<>(GroupKeys::compare);
            partial.add(dimensions.size() == 1 ? List.of("") : List.of("", ""));
        }
        for (List<String> part : partial) {
            expand(part, 0, dimensions, values, new ArrayList<>(), all);
        }
        if (dimensions.size() == 2
                && !dimensions.get(0).isEnumerated()
                && dimensions.get(1).isEnumerated()) {
            return all; // already ordered by the first (found values, sorted), then the second (enumeration order)
        }
        if (dimensions.size() == 2
                && dimensions.get(0).isEnumerated()
                && !dimensions.get(1).isEnumerated()) {
            // Ordered by the first (enumeration order), then the second (sorted).
            Map<String, Integer> order = new HashMap<>();
            List<String> first = values.get(0);
            for (int i = 0; i < first.size(); i++) {
                order.put(first.get(i), i);
            }
            all.sort(Comparator.<List<String>>comparingInt(k -> order.get(k.get(0)))
                    .thenComparing(k -> k.get(1)));
        }
        return all;
    }

    private static void expand(
            List<String> part,
            int index,
            List<GroupBy> dimensions,
            List<List<String>> values,
            List<String> prefix,
            List<List<String>> out) {
        if (index == dimensions.size()) {
            out.add(List.copyOf(prefix));
            return;
        }
        List<String> choices = values.get(index) == null ? List.of(part.get(index)) : values.get(index);
        for (String choice : choices) {
            prefix.add(choice);
            expand(part, index + 1, dimensions, values, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
