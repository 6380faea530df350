package uk.transferofcare.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process of a service: with {@code --instances N} handover-api and handover-processor run N each, named {@code
 * handover-api-1} ... (their pid files, logs and data folders); alone, a service keeps its module's name.
 *
 * @param service the service
 * @param index 1-based
 * @param count how many instances of the service run
 */
record ServiceInstance(AppService service, int index, int count) {

    ServiceInstance {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("instance " + index + " of " + count);
        }
    }

    /** The process name: the module's, with {@code -<index>} when there are several. */
    String name() {
        return count == 1 ? service.module() : service.module() + "-" + index;
    }

    /** Every instance of each service, services in their order. */
    static List<ServiceInstance> of(Iterable<AppService> services, int instances) {
        List<ServiceInstance> all = new ArrayList<>();
        for (AppService service : services) {
            int count = service.scalesOut() ? instances : 1;
            for (int i = 1; i <= count; i++) {
                all.add(new ServiceInstance(service, i, count));
            }
        }
        return all;
    }

    /** The service a process name is an instance of, if it is one. */
    static Optional<AppService> serviceOf(String processName) {
        Optional<AppService> exact = AppService.byName(processName);
        if (exact.isPresent()) {
            return exact;
        }
        int dash = processName.lastIndexOf('-');
        if (dash < 0 || !processName.substring(dash + 1).matches("[1-9]")) {
            return Optional.empty();
        }
        return AppService.byName(processName.substring(0, dash)).filter(AppService::scalesOut);
    }
}
