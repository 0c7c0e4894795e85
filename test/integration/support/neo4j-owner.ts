/**
 * A process that starts the local Neo4j and then just lives, printing "OWNER_READY <uri>": the test kills it with
 * SIGKILL (no cleanup runs) to show the launcher stops on its own. Args: <storeDir> <port>.
 */
import { startLocalNeo4j } from '../../../tools/neo4j-local/local-neo4j.js';

const [storeDir, port] = process.argv.slice(2);
const server = await startLocalNeo4j({ storeDir: storeDir!, port: Number(port), log: () => {} });
console.log(`OWNER_READY ${server.uri}`);
setInterval(() => {}, 60_000);
