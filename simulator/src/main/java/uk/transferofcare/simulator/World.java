package uk.transferofcare.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The geography the simulator plays in: the sites and divisions the API offers ({@code GET /api/v1/sites}), how
 * busy each site is, which divisions bring people to it, and how long its handovers tend to take.
 *
 * <p>For the default Scottish reference data the catchments follow geography (Greater Glasgow's officers go to QEUH
 * and GRI, Edinburgh's to RIE...); places of safety and safe spaces (REH, ECC...) take fewer people than EDs. Sites
 * or divisions it does not know get a modest weight (smaller when the site is not an ED) and a random catchment, so
 * any configured reference data works.
 */
final class World {

    /**
     * A site as {@code GET /api/v1/sites} lists it.
     *
     * @param type EMERGENCY_DEPARTMENT, PLACE_OF_SAFETY or SAFE_SPACE (null when the API does not say)
     */
    record Site(String code, String board, String type) {

        boolean isEmergencyDepartment() {
            return type == null || type.equals("EMERGENCY_DEPARTMENT");
        }
    }

    private static final Map<String, Double> SITE_WEIGHTS = Map.ofEntries(
            Map.entry("QEUH", 1.6),
            Map.entry("GRI", 1.4),
            Map.entry("RIE", 1.5),
            Map.entry("ARI", 1.1),
            Map.entry("NW", 0.9),
            Map.entry("FVRH", 0.9),
            Map.entry("VHK", 0.8),
            Map.entry("RAH", 0.8),
            Map.entry("UHW", 0.8),
            Map.entry("UHC", 0.7),
            Map.entry("UHM", 0.6),
            Map.entry("UHH", 0.6),
            Map.entry("RIH", 0.6),
            Map.entry("UHA", 0.5),
            Map.entry("SJH", 0.5),
            Map.entry("DGRI", 0.4),
            Map.entry("BGH", 0.3),
            // Places of safety and safe spaces take far fewer people than the EDs.
            Map.entry("REH", 0.3),
            Map.entry("LEVH", 0.2),
            Map.entry("STOB", 0.2),
            Map.entry("RCH", 0.2),
            Map.entry("CARS", 0.2),
            Map.entry("ECC", 0.15),
            Map.entry("GCDRS", 0.15));

    /** Division codes with their share of the site's cases. */
    private static final Map<String, String[]> CATCHMENTS = Map.ofEntries(
            Map.entry("QEUH", new String[] {"G:0.7", "K:0.2", "L:0.1"}),
            Map.entry("GRI", new String[] {"G:1"}),
            Map.entry("RAH", new String[] {"K:0.8", "L:0.2"}),
            Map.entry("RIE", new String[] {"E:0.75", "J:0.25"}),
            Map.entry("SJH", new String[] {"J:1"}),
            Map.entry("ARI", new String[] {"A:1"}),
            Map.entry("NW", new String[] {"D:1"}),
            Map.entry("UHC", new String[] {"U:1"}),
            Map.entry("UHA", new String[] {"U:1"}),
            Map.entry("UHW", new String[] {"Q:1"}),
            Map.entry("UHM", new String[] {"Q:1"}),
            Map.entry("UHH", new String[] {"Q:0.7", "G:0.3"}),
            Map.entry("FVRH", new String[] {"C:1"}),
            Map.entry("VHK", new String[] {"P:1"}),
            Map.entry("DGRI", new String[] {"V:1"}),
            Map.entry("BGH", new String[] {"J:1"}),
            Map.entry("RIH", new String[] {"N:1"}),
            Map.entry("REH", new String[] {"E:0.75", "J:0.25"}),
            Map.entry("LEVH", new String[] {"G:0.6", "K:0.4"}),
            Map.entry("STOB", new String[] {"G:1"}),
            Map.entry("RCH", new String[] {"A:1"}),
            Map.entry("CARS", new String[] {"D:1"}),
            Map.entry("ECC", new String[] {"E:1"}),
            Map.entry("GCDRS", new String[] {"G:1"}));

    private final List<Site> sites;
    private final List<String> divisions;
    private final double[] siteCumulative;
    private final Map<String, List<String>> catchmentDivisions = new LinkedHashMap<>();
    private final Map<String, double[]> catchmentCumulative = new LinkedHashMap<>();
    private final Map<String, Double> handoverFactor = new LinkedHashMap<>();
    private final int officersPerDivision;
    private final int staffPerSite;

    World(List<Site> sites, List<String> divisions, long seed, int officersPerDivision, int staffPerSite) {
        if (sites.size() < 2) {
            throw new IllegalArgumentException("the simulator needs at least two sites (diversions), got " + sites);
        }
        if (divisions.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one police division");
        }
        this.sites = List.copyOf(sites);
        this.divisions = List.copyOf(divisions);
        this.officersPerDivision = officersPerDivision;
        this.staffPerSite = staffPerSite;
        Random random = new Random(seed ^ 0x5DEECE66DL);
        siteCumulative = new double[sites.size()];
        double total = 0;
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            total += SITE_WEIGHTS.getOrDefault(site.code(), site.isEmergencyDepartment() ? 0.7 : 0.2);
            siteCumulative[i] = total;
            // A site's median handover is 0.7 to 1.5 times the national median: some EDs are much busier.
            handoverFactor.put(site.code(), 0.7 + 0.8 * random.nextDouble());
            List<String> codes = new ArrayList<>();
            List<Double> shares = new ArrayList<>();
            for (String entry : CATCHMENTS.getOrDefault(site.code(), new String[0])) {
                String[] parts = entry.split(":");
                if (divisions.contains(parts[0])) {
                    codes.add(parts[0]);
                    shares.add(Double.parseDouble(parts[1]));
                }
            }
            if (codes.isEmpty()) {
                codes.add(divisions.get(random.nextInt(divisions.size())));
                shares.add(1.0);
            }
            double[] cumulative = new double[codes.size()];
            double sum = 0;
            for (int j = 0; j < codes.size(); j++) {
                sum += shares.get(j);
                cumulative[j] = sum;
            }
            catchmentDivisions.put(site.code(), codes);
            catchmentCumulative.put(site.code(), cumulative);
        }
        for (int i = 0; i < siteCumulative.length; i++) {
            siteCumulative[i] /= total;
        }
    }

    List<Site> sites() {
        return sites;
    }

    List<String> divisions() {
        return divisions;
    }

    Site pickSite(Random random) {
        return sites.get(pick(siteCumulative, random.nextDouble()));
    }

    String pickDivision(Site site, Random random) {
        double[] cumulative = catchmentCumulative.get(site.code());
        return catchmentDivisions
                .get(site.code())
                .get(pick(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]));
    }

    /** Another site, in the same NHS board when there is one (a diversion goes to a neighbour). */
    Site divertTarget(Site from, Random random) {
        List<Site> sameBoard = sites.stream()
                .filter(s -> !s.code().equals(from.code())
                        && s.board() != null
                        && s.board().equals(from.board()))
                .toList();
        List<Site> candidates = sameBoard.isEmpty()
                ? sites.stream().filter(s -> !s.code().equals(from.code())).toList()
                : sameBoard;
        return candidates.get(random.nextInt(candidates.size()));
    }

    double handoverFactor(String siteCode) {
        return handoverFactor.get(siteCode);
    }

    User officer(String division, Random random) {
        return User.officer(division, 1 + random.nextInt(officersPerDivision));
    }

    User edStaff(String site, Random random) {
        return User.edStaff(site, 1 + random.nextInt(staffPerSite));
    }

    /** Every user the simulator may act as, for fetching tokens up front. */
    List<User> users() {
        List<User> users = new ArrayList<>();
        for (String division : divisions) {
            for (int n = 1; n <= officersPerDivision; n++) {
                users.add(User.officer(division, n));
            }
            users.add(User.divisionSupervisor(division));
        }
        for (Site site : sites) {
            for (int n = 1; n <= staffPerSite; n++) {
                users.add(User.edStaff(site.code(), n));
            }
            users.add(User.siteSupervisor(site.code()));
        }
        users.add(User.admin());
        return users;
    }

    private static int pick(double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }
}
