package uk.transferofcare.api.report;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The analysts' dashboard page shell ({@code static/dashboard/index.html}). Public like the other pages: a browser
 * cannot attach a bearer token to a navigation; the data it fetches needs an ANALYST or ADMIN token.
 */
@Controller
class DashboardPage {

    @GetMapping("/dashboard")
    String dashboard() {
        return "forward:/dashboard/index.html";
    }
}
