package uk.transferofcare.processor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ThreadGroupsCpuTest {

    // A real line of /proc/<pid>/task/<tid>/stat, with the name changed to hold a space and a ')'
    private static final String STAT = "4242 (C2 Compiler) x) S 4200 4200 1 0 -1 1077936192 71 0 0 0 1234 56 0 0 20 0"
            + " 24 0 95 9876543 1000 18446744073709551615 1 1 0 0 0 0 0 4096 17630 0 0 0 -1 1 0 0 0 0 0";

    @Test
    void readsTheNameUpToTheLastParenthesisAndAddsUserAndSystemTicks() {
        assertThat(ThreadGroupsCpu.name(STAT)).isEqualTo("C2 Compiler) x");
        assertThat(ThreadGroupsCpu.ticks(STAT)).isEqualTo(1234 + 56);
    }

    @Test
    void groupsThreadsWhoseNamesDifferOnlyInDigits() {
        assertThat(ThreadGroupsCpu.group("GC Thread#0")).isEqualTo(ThreadGroupsCpu.group("GC Thread#12"));
        assertThat(ThreadGroupsCpu.group("data-plane-kafka-request-handler-3"))
                .isEqualTo("data-plane-kafka-request-handler-#");
        assertThat(ThreadGroupsCpu.group("C1 CompilerThre")).isEqualTo(ThreadGroupsCpu.group("C2 CompilerThre"));
    }

    @Test
    void countsWhatEachGroupUsedSinceTheStartAndRanksThem() {
        ThreadGroupsCpu start = new ThreadGroupsCpu(Map.of("a", 10L, "b", 5L, "idle", 7L));
        ThreadGroupsCpu end = new ThreadGroupsCpu(Map.of("a", 30L, "b", 45L, "idle", 7L, "new", 1L));

        ThreadGroupsCpu used = end.since(start);

        assertThat(used.ticks()).isEqualTo(Map.of("a", 20L, "b", 40L, "new", 1L));
        // 40 ticks of 10 ms over 100 records = 4,000 µs per record
        assertThat(used.top(2, 100, "record"))
                .isEqualTo("µs of CPU per record by thread (Linux's count): b 4000, a 2000");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void countsTheCpuOfAThreadOfThisProcessByItsName() throws Exception {
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread burner = new Thread(
                () -> {
                    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                    long sum = 0;
                    while (threads.getCurrentThreadCpuTime() < 200_000_000L) { // 200 ms of this thread's CPU
                        sum += System.nanoTime() % 7;
                    }
                    burnt.countDown();
                    try {
                        read.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (sum == -1) {
                        throw new IllegalStateException();
                    }
                },
                "tgc-burner");
        burner.start();
        burnt.await();
        ThreadGroupsCpu now = ThreadGroupsCpu.now();
        read.countDown();
        burner.join();

        // 200 ms is 20 clock ticks of 10 ms; Linux may round a few down
        assertThat(now.ticks()).containsKey("tgc-burner");
        assertThat(now.ticks().get("tgc-burner")).isBetween(15L, 60L);
    }
}
