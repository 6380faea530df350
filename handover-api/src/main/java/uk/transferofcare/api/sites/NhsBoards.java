package uk.transferofcare.api.sites;

import java.util.List;

/**
 * The fourteen territorial NHS boards of Scotland, as the reference data spells them: a site's {@code board} is the
 * board that runs it or, for a safe space run by a partner, the board whose area it serves.
 */
public final class NhsBoards {

    public static final List<String> NAMES = List.of(
            "NHS Ayrshire and Arran",
            "NHS Borders",
            "NHS Dumfries and Galloway",
            "NHS Fife",
            "NHS Forth Valley",
            "NHS Grampian",
            "NHS Greater Glasgow and Clyde",
            "NHS Highland",
            "NHS Lanarkshire",
            "NHS Lothian",
            "NHS Orkney",
            "NHS Shetland",
            "NHS Tayside",
            "NHS Western Isles");

    private NhsBoards() {}

    public static boolean isKnown(String board) {
        return NAMES.contains(board);
    }
}
