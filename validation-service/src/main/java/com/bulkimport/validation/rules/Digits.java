package com.bulkimport.validation.rules;

/**
 * The rules' "only digits" checks, without a regular expression: {@code String.matches} compiles
 * its pattern on every call, and the rules make several such checks for every row.
 */
public final class Digits {

    private Digits() {
    }

    /**
     * True when the value has {@code minLength} to {@code maxLength} characters, each an ASCII digit
     * (what {@code \d} matches in a Java pattern without {@code UNICODE_CHARACTER_CLASS}).
     */
    public static boolean only(String value, int minLength, int maxLength) {
        int n = value.length();
        if (n < minLength || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value's ASCII digits, in order, and nothing else. */
    static String of(String value) {
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
