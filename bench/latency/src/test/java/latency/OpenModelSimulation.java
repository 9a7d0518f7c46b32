package latency;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * One request of bench/latency.sh at fixed arrival rates (Gatling's open model): a new virtual user starts
 * at every scheduled instant whether or not earlier ones have been answered, so a slow response cannot
 * delay the requests behind it and hide their waiting (coordinated omission), as a closed loop like wrk does.
 *
 * <p>Phases, one after the other, each recorded under its own request name: "warm-up" at the first rate,
 * then one measured phase per rate, named "at N/s".
 *
 * <p>Environment: LATENCY_BASE_URL, LATENCY_PATH, LATENCY_KEY, LATENCY_RATES (req/s, space-separated),
 * LATENCY_WARMUP_SECONDS, LATENCY_SECONDS.
 */
public class OpenModelSimulation extends Simulation {

  private static String env(String name) {
    var value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set (run bench/latency.sh)");
    }
    return value;
  }

  private final String path = env("LATENCY_PATH");
  private final String[] rates = env("LATENCY_RATES").trim().split("\\s+");
  private final int warmUpSeconds = Integer.parseInt(env("LATENCY_WARMUP_SECONDS"));
  private final int seconds = Integer.parseInt(env("LATENCY_SECONDS"));

  // One pool of keep-alive connections for all users, as an API client service holds it; without it every
  // virtual user would open its own connection and the figures would include a TCP handshake each.
  // The pool grows whenever all connections are busy, so a request never waits for a free connection.
  private final HttpProtocolBuilder protocol =
      http.baseUrl(env("LATENCY_BASE_URL"))
          .authorizationHeader("Bearer " + env("LATENCY_KEY"))
          .acceptHeader("application/json")
          .shareConnections();

  private ScenarioBuilder phase(String name) {
    // disableUrlEncoding: the brackets of where[status][equals] go out as the other bench scripts send them
    return scenario(name).exec(http(name).get(path).disableUrlEncoding().check(status().is(200)));
  }

  {
    // andThen: a child starts when its parent's users are all done; nested so that the phases run in order
    // (a.andThen(b).andThen(c) would start b and c together)
    PopulationBuilder population = null;
    for (int i = rates.length - 1; i >= 0; i--) {
      var measured =
          phase("at " + rates[i] + "/s")
              .injectOpen(constantUsersPerSec(Double.parseDouble(rates[i])).during(seconds));
      population = population == null ? measured : measured.andThen(population);
    }
    var warmUp =
        phase("warm-up")
            .injectOpen(constantUsersPerSec(Double.parseDouble(rates[0])).during(warmUpSeconds));
    setUp(warmUp.andThen(population)).protocols(protocol);
  }
}
