package app.clearmargin.organization;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The organization's {@code locale}: a well-formed BCP 47 tag whose language the JDK's locale data knows. */
final class Locales {

    private static final Set<String> LANGUAGES = Stream.of(Locale.getAvailableLocales())
            .map(Locale::getLanguage)
            .filter(l -> !l.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    private Locales() {}

    /**
     * The tag in canonical case ({@code de-de} → {@code de-DE}) when it is well formed, its language is
     * one the JDK formats numbers and dates for, and its region (if any) is an ISO 3166 or UN M.49 code.
     */
    static Optional<String> canonical(String tag) {
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag.strip()).build();
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
        String region = locale.getCountry();
        if (!LANGUAGES.contains(locale.getLanguage())
                || !(region.isEmpty() || REGIONS.contains(region) || region.matches("\\d{3}"))) {
            return Optional.empty();
        }
        return Optional.of(locale.toLanguageTag());
    }
}
