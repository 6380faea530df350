package uk.transferofcare.api.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small dense ids for the few distinct codes of a column (sites, divisions, outcomes). Not thread-safe. */
final class CodeDictionary {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> codes = new ArrayList<>();

    /** The id of the code, adding it when new. */
    int idOf(String code) {
        Integer id = ids.get(code);
        if (id != null) {
            return id;
        }
        if (codes.size() == Short.MAX_VALUE) {
            throw new IllegalStateException("more than " + Short.MAX_VALUE + " distinct codes");
        }
        codes.add(code);
        ids.put(code, codes.size() - 1);
        return codes.size() - 1;
    }

    /** The id of a known code, or -1. */
    int find(String code) {
        return ids.getOrDefault(code, -1);
    }

    String code(int id) {
        return codes.get(id);
    }

    int size() {
        return codes.size();
    }
}
