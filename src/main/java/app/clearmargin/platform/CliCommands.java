package app.clearmargin.platform;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.organization.OrganizationView;
import app.clearmargin.payments.Payments;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The admin commands, run inside the application context against the configured database. */
@Component
class CliCommands {

    private final Organizations organizations;
    private final ApiKeys keys;
    private final TransactionTemplate tx;
    private final List<Seeder> seeders;
    private final Scopes scopes;
    private final Payments payments;

    CliCommands(
            Organizations organizations,
            ApiKeys keys,
            TransactionTemplate tx,
            List<Seeder> seeders,
            Scopes scopes,
            Payments payments) {
        this.organizations = organizations;
        this.keys = keys;
        this.tx = tx;
        this.seeders = seeders;
        this.scopes = scopes;
        this.payments = payments;
    }

    Object execute(CliCommand command) {
        return switch (command.name()) {
            case "org create" -> createOrganization(command);
            case "key create" -> createKey(command);
            case "seed" -> seed(command);
            case "reencrypt-secrets" -> reencryptSecrets();
            default -> throw new CliCommand.Refused("unknown command " + command.name());
        };
    }

    private Map<String, Object> createOrganization(CliCommand command) {
        String currency = Money.currencyCode(command.option("currency", "USD").toUpperCase())
                .orElseThrow(() -> new CliCommand.Refused("--currency must be an ISO 4217 code such as USD"));
        String timezone;
        try {
            timezone = ZoneId.of(command.option("timezone", "UTC")).getId();
        } catch (DateTimeException e) {
            throw new CliCommand.Refused("--timezone must be an IANA time zone such as Europe/Berlin");
        }
        return tx.execute(s -> {
            Organization org = organizations.create(command.required("name"), currency, timezone, false);
            ApiKeys.IssuedKey key = keys.issue(org.id(), "admin", List.of(Scopes.FULL_ACCESS), null, 100, false);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("organization", OrganizationView.render(org));
            out.put("apiKey", key.key());
            out.put("apiKeyId", key.publicId());
            return out;
        });
    }

    private Map<String, Object> createKey(CliCommand command) {
        Organization org = organization(command);
        List<String> requested = Arrays.stream(command.option("scopes", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (requested.isEmpty() || !requested.stream().allMatch(scopes::isKnown)) {
            throw new CliCommand.Refused("--scopes must be read_only, full_access or a comma-separated list such as "
                    + "clients:read,invoices:write");
        }
        int rateLimit = command.number("rate-limit", 100);
        if (rateLimit < 1 || rateLimit > org.maxRateLimitPerMinute()) {
            throw new CliCommand.Refused("--rate-limit must be between 1 and " + org.maxRateLimitPerMinute());
        }
        Instant expiresAt = null;
        if (command.options().containsKey("expires-at")) {
            expiresAt = app.clearmargin.shared.Times.parseInstant(command.required("expires-at"))
                    .orElseThrow(() -> new CliCommand.Refused("--expires-at must be an ISO-8601 instant"));
        }
        Instant expires = expiresAt;
        ApiKeys.IssuedKey key = tx.execute(s -> keys.issue(
                org.id(),
                command.required("name"),
                requested,
                expires,
                rateLimit,
                command.options().containsKey("test")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiKey", key.key());
        out.put("id", key.publicId());
        out.put("organization", org.publicId());
        out.put("prefix", key.prefix());
        out.put("scopes", key.scopes());
        out.put("rateLimitPerMinute", rateLimit);
        return out;
    }

    private Object seed(CliCommand command) {
        Organization org = organization(command);
        if (seeders.isEmpty()) {
            throw new CliCommand.Refused("this build has no seeder");
        }
        return seeders.getFirst().seed(org, command);
    }

    /** After a key rotation: every stored secret rewritten under the current key, in one transaction. */
    private Map<String, Object> reencryptSecrets() {
        Integer rewritten = tx.execute(s -> payments.reencryptSecrets());
        return Map.of("stripeAccountsReencrypted", rewritten == null ? 0 : rewritten);
    }

    private Organization organization(CliCommand command) {
        String id = command.option("org", "");
        UUID uuid = Ids.parse("org", id)
                .orElseThrow(() -> new CliCommand.Refused("--org must be an organization id (org_…)"));
        return organizations.find(uuid).orElseThrow(() -> new CliCommand.Refused("no organization " + id));
    }
}
