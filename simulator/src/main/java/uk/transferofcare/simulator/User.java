package uk.transferofcare.simulator;

/**
 * A simulated user: the platform knows users only by id, role and organisation (a police division or an ED site
 * code), never by name.
 */
record User(String userId, String role, String org) {

    static final String OFFICER = "OFFICER";
    static final String ED_STAFF = "ED_STAFF";
    static final String SUPERVISOR = "SUPERVISOR";
    static final String ADMIN = "ADMIN";
    static final String SYSTEM = "SYSTEM";

    static User officer(String division, int n) {
        return new User("sim-pc-" + division + "-" + n, OFFICER, division);
    }

    static User edStaff(String site, int n) {
        return new User("sim-ed-" + site + "-" + n, ED_STAFF, site);
    }

    static User siteSupervisor(String site) {
        return new User("sim-sister-" + site, SUPERVISOR, site);
    }

    static User divisionSupervisor(String division) {
        return new User("sim-sgt-" + division, SUPERVISOR, division);
    }

    static User admin() {
        return new User("sim-admin", ADMIN, "ADMIN");
    }

    /** The processor itself, which opens the case a diversion points to. Never sends anything over HTTP. */
    static User processor(String division) {
        return new User("processor", SYSTEM, division);
    }

    String deviceId() {
        return "sim-device-" + userId;
    }
}
