package uk.transferofcare.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import uk.transferofcare.processor.stream.CaseHistories;
import uk.transferofcare.processor.stream.StoredCaseSamples;
import uk.transferofcare.processor.stream.StoredCaseSamples.Sample;

/**
 * Not a test: size and encode/decode time of the case store's value in format 2 (JSON of the domain records) and
 * format 3 (Avro binary), in the same run and JVM, on
 *
 * <ol>
 *   <li>the rich golden case of {@code CaseStoreFormatTest} (every part of the case file in use), and
 *   <li>a realistic mix: every value the processor stores while it judges the generated histories the processor
 *       benchmark uses ({@link CaseHistories}, seed 2025; resends, rejections, diversions, corrections, voids; each
 *       case judged 30 days after it started, so its timer marks have fired), small early values and full closed
 *       cases in the proportion they are written.
 * </ol>
 *
 * A plain loop, no JMH: warm-up passes first, then measured passes that alternate the two formats; each pass times
 * encoding all values, then decoding what it encoded; the median pass is printed. Numbers only: no assertion.
 *
 * <pre>
 * ./mvnw -q -pl handover-processor test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=uk.transferofcare.processor.bench.CaseStoreBenchmark -Dexec.args="1000"
 * </pre>
 *
 * The argument is the number of generated cases of the mix (default 1000, about 5 stored values each).
 */
public final class CaseStoreBenchmark {

    private static final int WARM_UP_PASSES = 8;
    private static final int MEASURED_PASSES = 9;
    private static final int RICH_CASE_REPEATS = 5000;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Keeps the JIT from dropping work whose result is unused. */
    private static volatile long sink;

    private CaseStoreBenchmark() {}

    public static void main(String[] args) throws IOException {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.printf(
                "Case store: format 2 (JSON) vs format 3 (Avro binary); %d cores, Java %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());

        Sample rich = StoredCaseSamples.richCase();
        List<Sample> richRepeated = Collections.nCopies(RICH_CASE_REPEATS, rich);
        List<Sample> mix = StoredCaseSamples.storedValues(
                CaseHistories.generate(2025, cases, START), START.plus(Duration.ofDays(30)));

        Workload richCase = new Workload("rich golden case", richRepeated);
        Workload realistic =
                new Workload(mix.size() + " stored values of " + cases + " generated cases (realistic mix)", mix);
        for (Workload workload : List.of(richCase, realistic)) {
            workload.checkLossless();
        }
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            richCase.pass(false);
            realistic.pass(false);
        }
        for (int pass = 0; pass < MEASURED_PASSES; pass++) {
            richCase.pass(true);
            realistic.pass(true);
        }

        System.out.println();
        richCase.print();
        realistic.print();
        System.out.printf("Load average at the end: %s%n", loadAverage());
    }

    /** One list of values, measured in both formats. */
    private static final class Workload {
        final String name;
        final List<Sample> values;
        final Format json = new Format("format 2 (JSON)", StoredCaseSamples::encodeJsonFormat2);
        final Format binary = new Format("format 3 (Avro)", StoredCaseSamples::encode);

        Workload(String name, List<Sample> values) {
            this.name = name;
            this.values = values;
        }

        /** Both formats must give back what they were given, or the timing means nothing. */
        void checkLossless() {
            for (Format format : List.of(json, binary)) {
                for (Sample value : values) {
                    Sample decoded = StoredCaseSamples.decode(value.caseFile().caseId(), format.encoder.apply(value));
                    if (!decoded.equals(value)) {
                        throw new IllegalStateException(format.name + " lost data of "
                                + value.caseFile().caseId());
                    }
                }
            }
        }

        void pass(boolean measured) {
            json.pass(values, measured);
            binary.pass(values, measured);
        }

        void print() {
            System.out.printf("%s:%n", name);
            json.printSizes();
            binary.printSizes();
            System.out.printf(Locale.ROOT, "  size ratio 3/2: %.2f%n", binary.meanSize() / json.meanSize());
            json.printTimes();
            binary.printTimes();
            System.out.printf(
                    Locale.ROOT,
                    "  time ratio 3/2: encode %.2f, decode %.2f, round trip %.2f%n",
                    binary.encodeMicros() / json.encodeMicros(),
                    binary.decodeMicros() / json.decodeMicros(),
                    binary.roundTripMicros() / json.roundTripMicros());
        }
    }

    /** One format's measurements on one workload. */
    private static final class Format {
        final String name;
        final Function<Sample, byte[]> encoder;
        final List<Double> encodeNanosPerValue = new ArrayList<>();
        final List<Double> decodeNanosPerValue = new ArrayList<>();
        int[] sizes;

        Format(String name, Function<Sample, byte[]> encoder) {
            this.name = name;
            this.encoder = encoder;
        }

        void pass(List<Sample> values, boolean measured) {
            byte[][] encoded = new byte[values.size()][];
            long started = System.nanoTime();
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = encoder.apply(values.get(i));
            }
            long encodedAt = System.nanoTime();
            long check = 0;
            for (int i = 0; i < encoded.length; i++) {
                check += StoredCaseSamples.decode(values.get(i).caseFile().caseId(), encoded[i])
                        .caseFile()
                        .version();
            }
            long decodedAt = System.nanoTime();
            sink += check;
            if (measured) {
                encodeNanosPerValue.add((encodedAt - started) / (double) encoded.length);
                decodeNanosPerValue.add((decodedAt - encodedAt) / (double) encoded.length);
            }
            sizes = Arrays.stream(encoded).mapToInt(bytes -> bytes.length).toArray();
        }

        double meanSize() {
            return Arrays.stream(sizes).average().orElseThrow();
        }

        void printSizes() {
            int[] sorted = sizes.clone();
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "  %-16s size mean %6.0f B, median %5d B, p95 %5d B, max %5d B%n",
                    name,
                    meanSize(),
                    sorted[sorted.length / 2],
                    sorted[(int) (sorted.length * 0.95)],
                    sorted[sorted.length - 1]);
        }

        double encodeMicros() {
            return median(encodeNanosPerValue) / 1000;
        }

        double decodeMicros() {
            return median(decodeNanosPerValue) / 1000;
        }

        double roundTripMicros() {
            return encodeMicros() + decodeMicros();
        }

        void printTimes() {
            System.out.printf(
                    Locale.ROOT,
                    "  %-16s encode %6.1f µs, decode %6.1f µs, round trip %6.1f µs per value (median of %d passes)%n",
                    name,
                    encodeMicros(),
                    decodeMicros(),
                    roundTripMicros(),
                    encodeNanosPerValue.size());
        }

        private static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
