package app.clearmargin.platform;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.tenancy.Tenant;
import app.clearmargin.web.PublicBaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First-run experience (API.md §6): on a database without a demo organization, create one with
 * sample data and a {@code sk_test_} key; print the key and keep it in {@code data/demo-api-key}.
 * A later start reuses that key while it still works. Only with {@code clearmargin.demo.enabled}
 * ({@code CLEARMARGIN_DEMO}), read at run time rather than by a bean condition: with Spring AOT
 * (docs/operations.md, "Fast start") conditions are fixed when the jar is built.
 */
@Component
class DemoBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DemoBootstrap.class);

    private final Organizations organizations;
    private final ApiKeys keys;
    private final TransactionTemplate tx;
    private final List<DemoData> demoData;
    private final Path keyFile;
    private final boolean cli;
    private final String host;
    private final String port;
    private final PublicBaseUrl publicBaseUrl;
    private final boolean enabled;

    DemoBootstrap(
            Organizations organizations,
            ApiKeys keys,
            TransactionTemplate tx,
            List<DemoData> demoData,
            @Value("${clearmargin.db.data-dir}") Path dataDir,
            @Value("${clearmargin.cli:false}") boolean cli,
            @Value("${server.address:127.0.0.1}") String host,
            @Value("${local.server.port:${server.port:8080}}") String port,
            PublicBaseUrl publicBaseUrl,
            @Value("${clearmargin.demo.enabled:false}") boolean enabled) {
        this.organizations = organizations;
        this.keys = keys;
        this.tx = tx;
        this.demoData = demoData;
        this.keyFile = dataDir.resolve("demo-api-key");
        this.cli = cli;
        this.host = host;
        this.port = port;
        this.publicBaseUrl = publicBaseUrl;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureDemo() {
        if (cli || !enabled) {
            return;
        }
        Optional<Organization> existing = organizations.findDemo();
        Organization org = existing.orElseGet(this::createDemo);
        String key = storedKey().filter(keys::isActive).orElseGet(() -> issueKey(org));
        Optional<String> proposal = openProposalLink(org);
        log.info("demo organization {} ({}) ready; its key is in {}", org.name(), org.publicId(), keyFile);
        System.out.println("""

                Clearmargin is ready. Demo organization: %s (%s)
                API key (also in %s):

                    %s

                Try: curl -H "Authorization: Bearer %s" http://%s:%s/api/clients
                %s""".formatted(
                        org.name(),
                        org.publicId(),
                        keyFile,
                        key,
                        key,
                        host,
                        port,
                        proposal.map(url -> """

                                        A proposal waiting for the client's answer — open it in a browser, read it,
                                        accept it (or decline it) and download its PDF; no key needed:

                                            %s
                                        """.formatted(url)).orElse("")));
    }

    /** A sent, unexpired demo proposal's link (the demo data creates and sends one when none is left). */
    private Optional<String> openProposalLink(Organization org) {
        for (DemoData d : demoData) {
            Optional<String> token = new Tenant(org.id()).call(() -> d.openProposalToken(org));
            if (token.isPresent()) {
                return Optional.of(publicBaseUrl.get() + "/c/" + token.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The organization and its data in one transaction: a start that fails half-way leaves no empty
     * demo organization behind (the next start would take it as done and never fill it).
     */
    private Organization createDemo() {
        return tx.execute(s -> {
            Organization org = organizations.create("Northwind Studio (demo)", "USD", "Europe/Berlin", true);
            for (DemoData d : demoData) {
                new Tenant(org.id()).run(() -> d.populate(org));
            }
            return org;
        });
    }

    private String issueKey(Organization org) {
        ApiKeys.IssuedKey issued =
                tx.execute(s -> keys.issue(org.id(), "demo", List.of(Scopes.FULL_ACCESS), null, 1000, true));
        try {
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, issued.key() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + keyFile, e);
        }
        return issued.key();
    }

    private Optional<String> storedKey() {
        try {
            return Files.exists(keyFile) ? Optional.of(Files.readString(keyFile).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
