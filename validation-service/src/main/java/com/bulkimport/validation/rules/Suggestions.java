package com.bulkimport.validation.rules;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

import org.apache.commons.text.similarity.LevenshteinDistance;

/** The nearest existing name to an unknown one (licence type, location, trunk), by edit distance. */
final class Suggestions {

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    static String nearest(String given, Collection<String> names) {
        String wanted = given.toLowerCase(Locale.ROOT);
        return names.stream()
                .min(Comparator.comparingInt(n -> DISTANCE.apply(wanted, n.toLowerCase(Locale.ROOT))))
                .orElse(null);
    }

    /** The error with the nearest name as its suggestion, when the account has any. */
    static com.bulkimport.events.RowError suggest(com.bulkimport.events.RowError error, String given, Collection<String> names) {
        String nearest = nearest(given, names);
        return nearest == null ? error : error.withSuggestion(nearest);
    }
}
