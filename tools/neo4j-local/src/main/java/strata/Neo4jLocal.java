package strata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community with only Bolt on loopback and auth off, so Strata can run on machines without Docker.
 * Usage: Neo4jLocal <storeDir> <boltPort>. Prints "STRATA_NEO4J_READY bolt://127.0.0.1:PORT" once queries work,
 * and shuts the store down cleanly on SIGTERM/SIGINT (a JVM shutdown hook) so the next start needs no recovery,
 * or when the process that started it exits.
 */
public final class Neo4jLocal {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Neo4jLocal <storeDir> <boltPort>");
            System.exit(2);
        }
        Path store = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(store)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // A 2-core dev box shares memory with Node and Chromium: keep the page cache modest.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                // Stopping the Bolt server waits for its connections and then its thread pool, 5 s each by default,
                // which made every stop take 10 s. Callers close their drivers before stopping us.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .build();

        // Touch the default database so "ready" means a query will succeed, not just that the socket is open.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "strata-neo4j-shutdown"));

        // The process that started us owns us: if it dies without stopping us (SIGKILL, a crash), stop too, so no
        // orphaned JVM keeps the port, the store lock and a gigabyte of heap.
        ProcessHandle.current().parent().ifPresent(owner -> owner.onExit().thenRun(() -> System.exit(0)));

        System.out.println("STRATA_NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
