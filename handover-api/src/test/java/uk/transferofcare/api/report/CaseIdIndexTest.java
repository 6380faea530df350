package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CaseIdIndexTest {

    @Test
    void givenRandomPutsAndRemoves_whenLookedUp_thenTheIndexAgreesWithAHashMapThroughout() {
        // 200 000 operations over 30 000 ids (mostly canonical UUIDs, some other strings) force many resizes and
        // backward-shift deletions in long probe chains.
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            ids.add(i % 10 == 0 ? "case-" + i : new UUID(random.nextLong(), random.nextLong()).toString());
        }
        CaseIdIndex index = new CaseIdIndex();
        Map<String, Integer> reference = new HashMap<>();
        int mismatches = 0;
        for (int op = 0; op < 200_000; op++) {
            String id = ids.get(random.nextInt(ids.size()));
            int choice = random.nextInt(10);
            if (choice < 6) {
                index.put(id, op);
                reference.put(id, op);
            } else if (choice < 8) {
                Integer expected = reference.remove(id);
                if (index.remove(id) != (expected == null ? -1 : expected)) {
                    mismatches++;
                }
            } else if (index.get(id) != reference.getOrDefault(id, -1)) {
                mismatches++;
            }
        }
        for (String id : ids) {
            if (index.get(id) != reference.getOrDefault(id, -1)) {
                mismatches++;
            }
        }

        assertThat(mismatches).isZero();
        assertThat(index.size()).isEqualTo(reference.size());
    }

    @Test
    void givenTwoSpellingsOfOneUuid_whenIndexed_thenTheyAreDifferentCases() {
        String lower = "7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b";
        String upper = lower.toUpperCase(java.util.Locale.ROOT);
        CaseIdIndex index = new CaseIdIndex();

        index.put(lower, 1);
        index.put(upper, 2);

        assertThat(new int[] {index.get(lower), index.get(upper), index.size()}).containsExactly(1, 2, 2);
    }
}
