package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The simulated venue describes its own instruments ({@code simulator.instruments}), so a venue file that
 * disagrees with the venue is caught: the client warns, naming the venue, the symbol and both values, on both
 * dialects (Binance's {@code exchangeInfo}, Kraken's {@code instrument} channel).
 */
class InstrumentMismatchIntegrationTest {

    @TempDir
    Path dir;

    private Gateway gateway;
    private final ch.qos.logback.classic.Logger root =
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT");
    private AppenderBase<ILoggingEvent> appender;

    @AfterEach
    void stop() throws Exception {
        if (appender != null) {
            root.detachAppender(appender);
        }
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aVenueFileThatDisagreesWithTheVenueIsWarnedAbout() throws Exception {
        CompletableFuture<String> binanceTick = new CompletableFuture<>();
        CompletableFuture<String> krakenLot = new CompletableFuture<>();
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                String m = e.getFormattedMessage();
                if (e.getLevel() == Level.WARN && m.startsWith("venue binance BTC-USDT: tick size")) {
                    binanceTick.complete(m);
                } else if (e.getLevel() == Level.WARN && m.startsWith("venue kraken ETH-USDT: lot size")) {
                    krakenLot.complete(m);
                }
            }
        };
        appender.start();
        root.addAppender(appender);
        Path file = SimConfig.write(dir, "  instruments:\n    binance:\n      BTC-USDT: {tickSize: \"0.10\"}\n"
                + "    kraken:\n      ETH-USDT: {lotSize: \"0.000001\"}\n", "1h");
        gateway = Gateway.start(new ConfigLoader(k -> null).load(file))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        String b = binanceTick.get(30, TimeUnit.SECONDS);
        assertTrue(b.contains("the configuration is 0.01, the venue says 0.10000000"), b);
        String k = krakenLot.get(30, TimeUnit.SECONDS);
        // the client renders Kraken's JSON number through a double (1.0E-6): the values are what matter here
        assertTrue(k.contains("the configuration is 0.00000001, the venue says ") && !k.contains("says 1.0E-8"), k);
    }
}
